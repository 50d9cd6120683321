import { passcodeRules } from '../../../../electron/shared/rules';

export const MIN_PASSCODE_LENGTH = passcodeRules.minLength;

/** Checks a new passcode and its confirmation; returns a message for the failing field. */
export function checkNewPasscode(
  passcode: string,
  confirmation: string,
): { field: 'passcode' | 'confirm'; message: string } | null {
  if (passcode.length < MIN_PASSCODE_LENGTH) {
    return {
      field: 'passcode',
      message: `Use at least ${MIN_PASSCODE_LENGTH} characters for the passcode.`,
    };
  }
  if (confirmation !== passcode) {
    return { field: 'confirm', message: 'The two passcodes are different.' };
  }
  return null;
}
