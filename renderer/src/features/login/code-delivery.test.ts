import { describe, expect, it } from 'vitest';
import type { LoginCodeView } from '../../../../electron/shared/dto';
import { describeDelivery, nextMethodPhrase, resendLabel } from './code-delivery';
import { errorFor, isWait } from './login-errors';

const code = (patch: Partial<LoginCodeView>): LoginCodeView => ({
  type: 'app',
  nextType: null,
  length: 5,
  prefix: null,
  resendAt: null,
  canResend: true,
  emailPattern: null,
  ...patch,
});

describe('describeDelivery', () => {
  it('says where the code went, per delivery type', () => {
    expect(describeDelivery(code({ type: 'app' }), '+1')).toContain(
      'Telegram app on another device',
    );
    expect(describeDelivery(code({ type: 'sms' }), '+44 7700 900123')).toBe(
      'We sent the code by SMS to +44 7700 900123.',
    );
    expect(describeDelivery(code({ type: 'call' }), '+1')).toContain('calling +1');
    expect(
      describeDelivery(code({ type: 'missed-call', length: 4, prefix: '+4420' }), '+1'),
    ).toContain('Enter the last 4 digits of the number that called you (it starts with +4420)');
    expect(
      describeDelivery(code({ type: 'email', emailPattern: 'b***@example.com' }), null),
    ).toContain('b***@example.com');
    expect(describeDelivery(code({ type: 'fragment-sms' }), '+888 1')).toContain('fragment.com');
  });
});

describe('resend labels', () => {
  it('names the action after the next delivery type', () => {
    expect(resendLabel('sms')).toBe('Send the code by SMS instead');
    expect(resendLabel('call')).toBe('Call me with the code instead');
    expect(resendLabel(null)).toBe('Send the code again');
    expect(nextMethodPhrase('sms')).toBe('the code by SMS');
  });
});

describe('login errors', () => {
  it('shows an error next to the field it names, else the step default', () => {
    const wrong = { code: 'PHONE_CODE_INVALID', message: 'Wrong code.' } as const;
    expect(errorFor(wrong, 'code', 'code')).toBe('Wrong code.');
    expect(errorFor({ ...wrong, field: 'phone' }, 'code', 'code')).toBeNull();
    expect(errorFor(null, 'code', 'code')).toBeNull();
  });

  it('leaves waits to the countdown', () => {
    const flood = { code: 'FLOOD_WAIT', message: 'Wait.', retryAfter: 30 } as const;
    expect(isWait(flood)).toBe(true);
    expect(errorFor(flood, 'phone', 'phone')).toBeNull();
  });
});
