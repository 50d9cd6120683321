import type { Channel, InputOf, ResultOf } from '../../../electron/shared/contract';
import type { AppError, Envelope } from '../../../electron/shared/errors';
import { getBridge } from './bridge';

/** The arguments of `channel`: none for channels without arguments, else exactly one. */
export type CallArgs<C extends Channel> =
  undefined extends InputOf<C> ? [InputOf<C>?] : [InputOf<C>];

type ErrorListener = (error: AppError) => void;
const errorListeners = new Set<ErrorListener>();

/** Subscribes the error surface to failed calls that nobody handles next to a field. */
export function onCallError(listener: ErrorListener): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

/** Shows `error` on the app-wide error surface. */
export function reportError(error: AppError): void {
  for (const listener of errorListeners) listener(error);
}

/** A transport failure (socket closed, preload missing), turned into the same error shape. */
export function transportError(): AppError {
  return {
    code: 'NETWORK',
    message: 'Gramdeck could not reach its background service. Try again in a moment.',
  };
}

/**
 * Calls `channel` and returns its envelope. A transport failure becomes an error envelope, so
 * callers handle exactly one shape. Nothing is reported; see {@link call}.
 */
export async function invoke<C extends Channel>(
  channel: C,
  ...args: CallArgs<C>
): Promise<Envelope<ResultOf<C>>> {
  try {
    return await getBridge().invoke(channel, ...args);
  } catch {
    return { ok: false, error: transportError() };
  }
}

/**
 * Calls `channel` and unwraps the envelope: the value on success, `undefined` on failure after
 * showing the error on the app-wide error surface. For errors that belong next to a field use
 * {@link invoke} (or `useCall` with `report: false`).
 */
export async function call<C extends Channel>(
  channel: C,
  ...args: CallArgs<C>
): Promise<ResultOf<C> | undefined> {
  const result = await invoke(channel, ...args);
  if (result.ok) return result.value;
  reportError(result.error);
  return undefined;
}
