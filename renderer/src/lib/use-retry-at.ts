import { useState } from 'react';
import type { AppError } from '../../../electron/shared/errors';
import { retryAtFrom } from './countdown';

/**
 * When attempts may resume: the later of the vault's retryAt and the last error's retryAfter.
 * `note` records an error at the moment it arrives.
 */
export function useRetryAt(
  vaultRetryAt: number | null,
): [number | null, (error: AppError) => void] {
  const [fromError, setFromError] = useState<number | null>(null);
  const note = (error: AppError): void => {
    setFromError(retryAtFrom(error.retryAfter, Date.now()));
  };
  const candidates = [fromError, vaultRetryAt].filter((x): x is number => x !== null);
  return [candidates.length === 0 ? null : Math.max(...candidates), note];
}
