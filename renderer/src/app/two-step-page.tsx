import type { ComponentProps, ReactNode } from 'react';
import { TwoStepScreen } from '../features/two-step/two-step-screen';
import { PasswordStrength } from './password-strength';

/** The two-step verification screen with the passcode form's strength meter, as one chunk. */
export function TwoStepPage(
  props: Omit<ComponentProps<typeof TwoStepScreen>, 'strengthMeter'>,
): ReactNode {
  return (
    <TwoStepScreen
      {...props}
      strengthMeter={(password) => <PasswordStrength password={password} />}
    />
  );
}
