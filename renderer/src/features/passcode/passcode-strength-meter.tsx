import { type ReactNode, useCallback, useEffect, useState } from 'react';
import {
  estimatePasscodeStrength,
  loadPasscodeEstimator,
  type PasscodeStrength,
} from './passcode-strength';
import './passcode.css';

/** How long typing must pause before the estimate updates. */
const SETTLE_MS = 300;

/**
 * The strength of `passcode`, estimated once typing pauses (null while it is empty, pending or
 * the estimator cannot load), and `estimateNow` for a submit that cannot wait for the pause.
 * The estimator starts loading when the form appears.
 */
export function usePasscodeStrength(passcode: string): {
  strength: PasscodeStrength | null;
  estimateNow: () => Promise<PasscodeStrength | null>;
} {
  const [estimated, setEstimated] = useState<{
    passcode: string;
    strength: PasscodeStrength | null;
  } | null>(null);

  useEffect(() => {
    loadPasscodeEstimator().catch(() => {
      // The meter stays empty; the form still submits (main enforces the minimum length).
    });
  }, []);

  useEffect(() => {
    if (passcode === '') return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      estimatePasscodeStrength(passcode).then(
        (strength) => {
          if (isCurrent) setEstimated({ passcode, strength });
        },
        () => {
          if (isCurrent) setEstimated({ passcode, strength: null });
        },
      );
    }, SETTLE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [passcode]);

  const estimateNow = useCallback(async (): Promise<PasscodeStrength | null> => {
    let strength: PasscodeStrength | null;
    try {
      strength = await estimatePasscodeStrength(passcode);
    } catch {
      strength = null;
    }
    setEstimated({ passcode, strength });
    return strength;
  }, [passcode]);

  return {
    strength: estimated !== null && estimated.passcode === passcode ? estimated.strength : null,
    estimateNow,
  };
}

/**
 * A strength meter: a bar, a label, zxcvbn's warning and suggestions. Only the label and the
 * warning are announced (politely), and only when they change, not on every keystroke.
 */
export function PasscodeStrengthMeter(props: { strength: PasscodeStrength | null }): ReactNode {
  const { strength } = props;
  const level =
    strength === null
      ? 'none'
      : strength.isWeak
        ? 'weak'
        : strength.score === 2
          ? 'fair'
          : 'strong';
  return (
    <div className="strength" data-level={level}>
      <div className="strength-bar" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((step) => (
          <span
            key={step}
            className={
              strength !== null && step <= strength.score
                ? 'strength-step strength-step-on'
                : 'strength-step'
            }
          />
        ))}
      </div>
      <p className="strength-label" aria-live="polite">
        {strength === null ? null : (
          <>
            Strength: {strength.label}
            {strength.warning === null ? null : (
              <span className="strength-warning"> {strength.warning}</span>
            )}
          </>
        )}
      </p>
      {strength === null || strength.suggestions.length === 0 ? null : (
        <ul className="strength-suggestions">
          {strength.suggestions.map((suggestion) => (
            <li key={suggestion}>{suggestion}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
