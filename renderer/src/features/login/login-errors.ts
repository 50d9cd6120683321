import type { LoginStep } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';

/** The field a step's errors belong to when the error names none. */
const defaultField: Record<LoginStep | 'phone', string> = {
  phone: 'phone',
  code: 'code',
  password: 'password',
  recovery: 'code',
  'sign-up': 'firstName',
  qr: 'qr',
  done: 'form',
  cancelled: 'form',
};

/** The message to show next to `field` on `step`, if the error concerns it. */
export function errorFor(
  error: AppError | null,
  step: LoginStep | 'phone',
  field: string,
): string | null {
  if (error === null) return null;
  // Waits are shown as a countdown next to the action instead of a static message.
  if (error.retryAfter !== undefined && isWait(error)) return null;
  return (error.field ?? defaultField[step]) === field ? error.message : null;
}

export function isWait(error: AppError | null): boolean {
  return (
    error !== null &&
    (error.code === 'FLOOD_WAIT' ||
      error.code === 'PHONE_NUMBER_FLOOD' ||
      error.code === 'PHONE_PASSWORD_FLOOD' ||
      error.code === 'TOO_MANY_REQUESTS')
  );
}
