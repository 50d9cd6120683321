import type { ReactNode } from 'react';
import {
  PasscodeStrengthMeter,
  usePasscodeStrength,
} from '../features/passcode/passcode-strength-meter';

/**
 * The passcode form's strength meter for another new secret: the two-step verification screen
 * gets it from here, since no feature imports another.
 */
export function PasswordStrength(props: { password: string }): ReactNode {
  const { strength } = usePasscodeStrength(props.password);
  return <PasscodeStrengthMeter strength={strength} />;
}
