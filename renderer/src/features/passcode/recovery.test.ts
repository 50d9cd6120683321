import { describe, expect, it } from 'vitest';
import { checkNewPasscode } from './check-new-passcode';
import { recoveryFileText } from './recovery-code-screen';

describe('checkNewPasscode', () => {
  it('needs four characters and a matching confirmation', () => {
    expect(checkNewPasscode('abc', 'abc')).toMatchObject({ field: 'passcode' });
    expect(checkNewPasscode('abcd', 'abce')).toMatchObject({ field: 'confirm' });
    expect(checkNewPasscode('abcd', 'abcd')).toBeNull();
  });
});

describe('recoveryFileText', () => {
  it('holds the code and the date, and explains what it is for', () => {
    const text = recoveryFileText('ABCD-EFGH', new Date('2026-01-02T10:00:00Z'));
    expect(text).toContain('ABCD-EFGH');
    expect(text).toContain('2026-01-02');
    expect(text).toContain('forget your Gramdeck passcode');
  });
});
