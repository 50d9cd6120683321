import { describe, expect, it } from 'vitest';
import {
  describeStrength,
  estimatePasscodeStrength,
  weakPasscodeProblem,
  type PasscodeStrength,
} from './passcode-strength';

/** The real estimator (zxcvbn-ts with its dictionaries), loaded the way the form loads it. */
const rate = async (passcode: string): Promise<PasscodeStrength> => {
  const strength = await estimatePasscodeStrength(passcode);
  if (strength === null) throw new Error('no estimate');
  return strength;
};

describe('passcode strength', () => {
  it.each([
    ['1234', 'Very weak'],
    ['0000', 'Very weak'],
    ['123456', 'Very weak'],
    ['password', 'Very weak'],
    ['passw0rd', 'Very weak'],
    ['qwerty123', 'Very weak'],
    ['aaaa', 'Very weak'],
    ['Gramdeck', 'Very weak'],
    ['telegram1', 'Weak'],
  ])('%j is weak (%s) and needs "use it anyway"', async (passcode, label) => {
    const strength = await rate(passcode);
    expect(strength.label).toBe(label);
    expect(strength.isWeak).toBe(true);
    expect(strength.score).toBeLessThanOrEqual(1);
  });

  it.each([
    'correct horse battery staple',
    'winter-lantern-orbit-93',
    'open sesame street',
    'Zq8#rT!v2$Lp',
  ])('%j is very strong and submits without asking', async (passcode) => {
    const strength = await rate(passcode);
    expect(strength).toMatchObject({ score: 4, label: 'Very strong', isWeak: false });
  });

  it('says why a passcode is weak and how to do better', async () => {
    const strength = await rate('1234');
    expect(strength.warning).toMatch(/used password/i);
    expect(strength.suggestions.length).toBeGreaterThan(0);
    expect(strength.suggestions.join(' ')).toMatch(/words/i);
  });

  it('rates Gramdeck\u2019s own name as guessable', async () => {
    // Without the context words, "gramdeck" scores 2 (an unknown 8-letter word).
    expect((await rate('gramdeck')).isWeak).toBe(true);
  });

  it('rates a very long passcode by its first part, quickly', async () => {
    const long = 'correct horse battery staple '.repeat(40);
    expect(long.length).toBeGreaterThan(1000);
    expect(await rate(long)).toMatchObject({ score: 4, isWeak: false });
  });

  it('has no strength for an empty passcode', async () => {
    await expect(estimatePasscodeStrength('')).resolves.toBeNull();
  });

  it.each([
    [0, 'Very weak', true],
    [1, 'Weak', true],
    [2, 'Fair', false],
    [3, 'Strong', false],
    [4, 'Very strong', false],
  ] as const)('score %i is labelled %s (weak: %s)', (score, label, isWeak) => {
    expect(describeStrength({ score, warning: null, suggestions: [] })).toMatchObject({
      label,
      isWeak,
    });
  });
});

describe('the form gate', () => {
  const weak = describeStrength({ score: 0, warning: null, suggestions: [] });
  const fair = describeStrength({ score: 2, warning: null, suggestions: [] });

  it('stops a weak passcode until "use it anyway" is ticked', () => {
    expect(weakPasscodeProblem(weak, false)).toMatch(/easy to guess.*Use it anyway/);
    expect(weakPasscodeProblem(weak, true)).toBeNull();
  });

  it('lets a fair or better passcode through, and one it could not rate', () => {
    expect(weakPasscodeProblem(fair, false)).toBeNull();
    expect(weakPasscodeProblem(null, false)).toBeNull();
  });
});
