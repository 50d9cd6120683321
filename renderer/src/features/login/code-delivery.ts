import type { CodeType, LoginCodeView } from '../../../../electron/shared/dto';
import { readableCodePattern } from '../../../../electron/shared/rules';

/** Where the code went and what to enter, in plain words, for the code step's intro. */
export function describeDelivery(code: LoginCodeView, phone: string | null): string {
  const number = phone ?? 'your phone';
  const digits = code.length === null ? 'the last digits' : `the last ${code.length} digits`;
  switch (code.type) {
    case 'app':
      return 'We sent the code to your Telegram app on another device. Open any chat list there and look for a message from Telegram.';
    case 'sms':
      return `We sent the code by SMS to ${number}.`;
    case 'sms-word':
      return `We sent an SMS to ${number}. Enter the code word it contains${beginningText(code.beginning, 'letter')}.`;
    case 'sms-phrase':
      return `We sent an SMS to ${number}. Enter the code phrase it contains, all its words${beginningText(code.beginning, 'word')}.`;
    case 'call':
      return `We are calling ${number}. Answer, and a voice will read the code to you.`;
    case 'flash-call':
      return `We are calling ${number} with a short call you don’t need to answer. Enter the whole number that calls you${code.pattern === null ? '' : ` (it looks like ${readableCodePattern(code.pattern)})`}.`;
    case 'missed-call':
      return `We are calling ${number}; you don’t need to answer. Enter ${digits} of the number that called you${prefixText(code.prefix)}.`;
    case 'email':
      return `We sent the code to your email address ${code.emailPattern ?? 'linked to this account'}.`;
    case 'setup-email-required':
      return 'Telegram asks for a login email for this account. Enter an email address; we will send a code there to confirm it, and then the login code.';
    case 'fragment-sms':
      return `We sent the code to your anonymous number ${number}. Read it on Fragment, where you bought the number.`;
    case 'firebase-sms':
      return code.nextType === null
        ? 'Telegram wants to send this code through Google Firebase, which only Telegram’s official Android and iOS apps can use, and offers no other way. Sign in with the official app, or try again later.'
        : `Telegram wants to send this code through Google Firebase, which only Telegram’s official Android and iOS apps can use, so Gramdeck cannot receive it. Ask for ${nextMethodPhrase(code.nextType)} instead.`;
  }
}

function prefixText(prefix: string | null): string {
  return prefix === null || prefix === '' ? '' : ` (it starts with ${prefix})`;
}

function beginningText(beginning: string | null, what: 'letter' | 'word'): string {
  return beginning === null || beginning === ''
    ? ''
    : ` (it starts with the ${what} “${beginning}”)`;
}

/**
 * The page of a Fragment number where its code can be read, if `url` is an https page of
 * fragment.com; anything else is not offered as a link.
 */
export function fragmentLink(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    const isFragment =
      parsed.hostname === 'fragment.com' || parsed.hostname.endsWith('.fragment.com');
    return parsed.protocol === 'https:' &&
      isFragment &&
      parsed.port === '' &&
      parsed.username === '' &&
      parsed.password === ''
      ? parsed.href
      : null;
  } catch {
    return null;
  }
}

/** The resend action, named after how the next code will arrive. */
export function resendLabel(nextType: CodeType | null): string {
  switch (nextType) {
    case null:
      return 'Send the code again';
    case 'app':
      return 'Send the code to my Telegram app instead';
    case 'sms':
    case 'firebase-sms':
    case 'sms-word':
    case 'sms-phrase':
      return 'Send the code by SMS instead';
    case 'call':
      return 'Call me with the code instead';
    case 'flash-call':
    case 'missed-call':
      return 'Get the code by a phone call instead';
    case 'email':
      return 'Send the code by email instead';
    case 'setup-email-required':
      return 'Send the code by email instead';
    case 'fragment-sms':
      return 'Send the code through Fragment instead';
  }
}

/** Short name of a delivery method for the countdown sentence ("by SMS in 0:42"). */
export function nextMethodPhrase(nextType: CodeType | null): string {
  switch (nextType) {
    case null:
      return 'a new code';
    case 'app':
      return 'the code in your Telegram app';
    case 'sms':
    case 'firebase-sms':
    case 'sms-word':
    case 'sms-phrase':
      return 'the code by SMS';
    case 'call':
    case 'flash-call':
    case 'missed-call':
      return 'the code by phone call';
    case 'email':
    case 'setup-email-required':
      return 'the code by email';
    case 'fragment-sms':
      return 'the code through Fragment';
  }
}

/** What the code field is called for this delivery. */
export function codeFieldLabel(type: CodeType): string {
  switch (type) {
    case 'flash-call':
      return 'Number that called you';
    case 'missed-call':
      return 'Last digits of the number';
    case 'sms-word':
      return 'Code word';
    case 'sms-phrase':
      return 'Code phrase';
    default:
      return 'Code';
  }
}
