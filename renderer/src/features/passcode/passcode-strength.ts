/**
 * Passcode strength, as the new-passcode forms show it while the user types. The estimate is
 * zxcvbn-ts (passcode-estimator.ts), loaded on first use so that it is not part of the first
 * screen's bundle. It is advice, not a rule: main accepts any passcode of the contract's minimum
 * length; the weakest ones only need the user to say "use it anyway".
 */
import type { PasscodeEstimate } from './passcode-estimator';

export type { PasscodeEstimate };

export type PasscodeEstimator = (passcode: string) => PasscodeEstimate;

export interface PasscodeStrength extends PasscodeEstimate {
  /** A word or two for the meter, e.g. "Very weak". */
  label: string;
  /** Score 0–1 (e.g. a 4-digit PIN): the form asks for "use it anyway" before it submits. */
  isWeak: boolean;
}

const labels = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** The highest score that still needs an explicit "use it anyway". */
export const WEAK_SCORE = 1;

export function describeStrength(estimate: PasscodeEstimate): PasscodeStrength {
  return { ...estimate, label: labels[estimate.score], isWeak: estimate.score <= WEAK_SCORE };
}

let estimatorLoad: Promise<PasscodeEstimator> | null = null;

/**
 * The estimator, loaded once. A failed load is forgotten so that the next call retries (the
 * chunk may have failed to arrive once).
 */
export function loadPasscodeEstimator(): Promise<PasscodeEstimator> {
  estimatorLoad ??= import('./passcode-estimator').then(
    (module) => module.createPasscodeEstimator(),
    (error: unknown) => {
      estimatorLoad = null;
      throw error;
    },
  );
  return estimatorLoad;
}

/** The strength of `passcode`, or null when it is empty. */
export async function estimatePasscodeStrength(passcode: string): Promise<PasscodeStrength | null> {
  if (passcode === '') return null;
  const estimate = await loadPasscodeEstimator();
  return describeStrength(estimate(passcode));
}

/**
 * The form's gate: a message when the passcode is too weak to submit without the user's
 * explicit "use it anyway", else null.
 */
export function weakPasscodeProblem(
  strength: PasscodeStrength | null,
  isAcknowledged: boolean,
): string | null {
  if (strength === null || !strength.isWeak || isAcknowledged) return null;
  return 'This passcode is easy to guess. Choose a stronger one, or tick “Use it anyway”.';
}
