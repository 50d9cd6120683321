import { failure } from '../../shared/error-words';

/** Whether a file-system error means no space is left: the disk (ENOSPC) or the quota (EDQUOT). */
export function isDiskFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === 'ENOSPC' || error.code === 'EDQUOT';
}

/**
 * What a failed write should throw: `AppFailure('DISK_FULL')` with a plain sentence when the disk
 * or quota is full, the original error otherwise.
 */
export function diskFullOr(error: unknown): unknown {
  return isDiskFull(error) ? failure('DISK_FULL') : error;
}
