import type { CodeType, LoginCodeView } from '../../../../electron/shared/dto';

/** Where the code went, in plain words, for the code step's intro. */
export function describeDelivery(code: LoginCodeView, phone: string | null): string {
  const number = phone ?? 'your phone';
  const digits = code.length === null ? 'the last digits' : `the last ${code.length} digits`;
  switch (code.type) {
    case 'app':
      return 'We sent the code to your Telegram app on another device. Open any chat list there and look for a message from Telegram.';
    case 'sms':
    case 'firebase-sms':
      return `We sent the code by SMS to ${number}.`;
    case 'sms-word':
      return `We sent an SMS to ${number}. Enter the code it contains.`;
    case 'sms-phrase':
      return `We sent an SMS to ${number}. Enter the code it contains.`;
    case 'call':
      return `We are calling ${number}. Answer, and a voice will read the code to you.`;
    case 'flash-call':
      return `We are calling ${number} with a short call you don’t need to answer. Enter ${digits} of the number that calls you${prefixText(code.prefix)}.`;
    case 'missed-call':
      return `We are calling ${number}; you don’t need to answer. Enter ${digits} of the number that called you${prefixText(code.prefix)}.`;
    case 'email':
      return `We sent the code to your email address ${code.emailPattern ?? 'linked to this account'}.`;
    case 'setup-email-required':
      return 'Telegram wants a login email for this account first. Set one up in the Telegram app on your phone, then try again here.';
    case 'fragment-sms':
      return `We sent the code to your anonymous number ${number}. Read it on fragment.com, where you bought the number.`;
  }
}

function prefixText(prefix: string | null): string {
  return prefix === null || prefix === '' ? '' : ` (it starts with ${prefix})`;
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
  return type === 'flash-call' || type === 'missed-call' ? 'Last digits of the number' : 'Code';
}
