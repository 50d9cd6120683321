import { describe, expect, it } from 'vitest';
import type { CodeType, LoginCodeView } from '../../../../electron/shared/dto';
import {
  type CodeInputKind,
  cleanLoginCode,
  codeInputKind,
} from '../../../../electron/shared/rules';
import { isCodeComplete, normalizeCode } from '../../lib/code-input';
import {
  codeFieldLabel,
  describeDelivery,
  fragmentLink,
  nextMethodPhrase,
  resendLabel,
} from './code-delivery';
import { errorFor, isWait } from './login-errors';

const code = (patch: Partial<LoginCodeView>): LoginCodeView => ({
  type: 'app',
  nextType: null,
  length: 5,
  prefix: null,
  pattern: null,
  beginning: null,
  url: null,
  resendAt: null,
  canResend: true,
  isEnded: false,
  emailPattern: null,
  emailSetup: null,
  ...patch,
});

/**
 * Every auth.SentCodeType: what the user reads, what the field is called, what it takes, and
 * what a typed answer becomes before it goes to Telegram (null: the field refuses it or is absent).
 */
const table: {
  view: Partial<LoginCodeView> & { type: CodeType };
  says: string;
  label: string;
  kind: CodeInputKind;
  typed: string;
  sent: string | null;
}[] = [
  {
    view: { type: 'app' },
    says: 'We sent the code to your Telegram app on another device.',
    label: 'Code',
    kind: 'digits',
    typed: '12 345',
    sent: '12345',
  },
  {
    view: { type: 'sms' },
    says: 'We sent the code by SMS to +99966 2 0001.',
    label: 'Code',
    kind: 'digits',
    typed: '12-345',
    sent: '12345',
  },
  {
    view: { type: 'call' },
    says: 'We are calling +99966 2 0001. Answer, and a voice will read the code to you.',
    label: 'Code',
    kind: 'digits',
    typed: '12345',
    sent: '12345',
  },
  {
    view: { type: 'flash-call', pattern: '999772*****', length: null },
    says: 'Enter the whole number that calls you (it looks like +999772•••••).',
    label: 'Number that called you',
    kind: 'calling-number',
    typed: '+999 772 12345',
    sent: '99977212345',
  },
  {
    view: { type: 'missed-call', prefix: '+999771', length: 4 },
    says: 'Enter the last 4 digits of the number that called you (it starts with +999771).',
    label: 'Last digits of the number',
    kind: 'digits',
    typed: '12 34',
    sent: '1234',
  },
  {
    view: { type: 'email', emailPattern: 'e***@example.com' },
    says: 'We sent the code to your email address e***@example.com.',
    label: 'Code',
    kind: 'digits',
    typed: '12345',
    sent: '12345',
  },
  {
    view: { type: 'setup-email-required', length: null },
    says: 'Telegram asks for a login email for this account.',
    label: 'Code',
    kind: 'none',
    typed: '12345',
    sent: null,
  },
  {
    view: { type: 'fragment-sms', url: 'https://fragment.com/number/1/code' },
    says: 'Read it on Fragment, where you bought the number.',
    label: 'Code',
    kind: 'digits',
    typed: '12345',
    sent: '12345',
  },
  {
    view: { type: 'firebase-sms', nextType: 'sms' },
    says: 'only Telegram’s official Android and iOS apps can use, so Gramdeck cannot receive it. Ask for the code by SMS instead.',
    label: 'Code',
    kind: 'none',
    typed: '12345',
    sent: null,
  },
  {
    view: { type: 'sms-word', beginning: 'w', length: null },
    says: 'Enter the code word it contains (it starts with the letter “w”).',
    label: 'Code word',
    kind: 'words',
    typed: '  Walnut ',
    sent: 'Walnut',
  },
  {
    view: { type: 'sms-phrase', beginning: 'amber', length: null },
    says: 'Enter the code phrase it contains, all its words (it starts with the word “amber”).',
    label: 'Code phrase',
    kind: 'words',
    typed: 'amber  river\tquartz',
    sent: 'amber river quartz',
  },
];

describe('every code type', () => {
  it('covers every CodeType once', () => {
    expect(new Set(table.map((row) => row.view.type)).size).toBe(11);
  });

  it.each(table)('$view.type: what the user sees and what the field takes', (row) => {
    const view = code(row.view);
    expect(describeDelivery(view, '+99966 2 0001')).toContain(row.says);
    expect(codeFieldLabel(view.type)).toBe(row.label);
    expect(codeInputKind(view.type)).toBe(row.kind);
    const typed = normalizeCode(row.typed, view.length, row.kind);
    expect(row.kind === 'none' ? null : cleanLoginCode(row.kind, typed)).toBe(row.sent);
  });

  it('a flash-call number is complete when it matches the pattern, words never on their own', () => {
    expect(isCodeComplete('+999 772 12345', null, 'calling-number', '999772*****')).toBe(true);
    expect(isCodeComplete('+999 772 1234', null, 'calling-number', '999772*****')).toBe(false);
    expect(isCodeComplete('+999 773 12345', null, 'calling-number', '999772*****')).toBe(false);
    expect(isCodeComplete('walnut', null, 'words')).toBe(false);
    expect(normalizeCode('Code: walnut!', null, 'words')).toBe('Code walnut');
  });

  it('links only to https pages of fragment.com', () => {
    expect(fragmentLink('https://fragment.com/number/888/code')).toBe(
      'https://fragment.com/number/888/code',
    );
    for (const url of [
      null,
      'http://fragment.com/x',
      'javascript:alert(1)',
      'https://fragment.com.evil.example/',
      'https://user@fragment.com/',
      'https://fragment.com:8443/',
      'not a url',
    ]) {
      expect(fragmentLink(url)).toBeNull();
    }
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
