import { Api, errors, type TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions';
import { sleep } from '../../test/support/timers';
import type { TestDc } from './index';

/**
 * Shared helpers for the sandbox's own tests. GramJS ignores its `timeout` option and retries
 * forever, so every network step here is bounded by {@link withTimeout}.
 */

/** Rejects when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`${label} timed out after ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Connects a client (fresh or from a StringSession) within 15 s. */
export async function connected(
  dc: TestDc,
  session?: string,
  dcId?: number,
): Promise<TelegramClient> {
  const client = dc.gramjs.newClient(session, dcId === undefined ? {} : { dcId });
  await withTimeout(client.connect(), 15_000, 'connect');
  return client;
}

/** The RPC error a call fails with (fails the test if it succeeds). */
export async function rpcErrorOf(p: Promise<unknown>): Promise<errors.RPCError> {
  try {
    await withTimeout(p, 15_000, 'rpc');
  } catch (e) {
    if (e instanceof errors.RPCError) return e;
    throw e;
  }
  throw new Error('expected an RPC error, got a result');
}

/** auth.sendCode as Gramdeck's adapter sends it. */
export async function sendCode(client: TelegramClient, phone: string): Promise<Api.auth.SentCode> {
  const r = await withTimeout(
    client.invoke(
      new Api.auth.SendCode({
        phoneNumber: phone,
        apiId: client.apiId,
        apiHash: client.apiHash,
        settings: new Api.CodeSettings({}),
      }),
    ),
    15_000,
    'sendCode',
  );
  if (!(r instanceof Api.auth.SentCode)) throw new Error(`unexpected ${r.className}`);
  return r;
}

/** Signs in with the code the DC reports through the control API. */
export async function signInWithCode(
  client: TelegramClient,
  dc: TestDc,
  phone: string,
): Promise<Api.auth.TypeAuthorization> {
  const sent = await sendCode(client, phone);
  const code = dc.control.lastCode(phone);
  if (!code) throw new Error('no code issued');
  return withTimeout(
    client.invoke(
      new Api.auth.SignIn({
        phoneNumber: phone,
        phoneCodeHash: sent.phoneCodeHash,
        phoneCode: code,
      }),
    ),
    15_000,
    'signIn',
  );
}

/** A fully logged-in client for an account without 2FA. */
export async function loggedIn(dc: TestDc, phone: string, dcId?: number): Promise<TelegramClient> {
  const client = await connected(dc, undefined, dcId);
  const auth = await signInWithCode(client, dc, phone);
  if (!(auth instanceof Api.auth.Authorization)) throw new Error('sign-in did not complete');
  return client;
}

/** Waits until `check` is true (polling every 20 ms) or fails after `ms`. */
export async function waitFor(check: () => boolean, ms: number, label: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`${label}: condition not met within ${ms} ms`);
    await sleep(20);
  }
}

/** The client's StringSession as text (GramJS types `Session.save()` as returning nothing). */
export function savedSession(client: TelegramClient): string {
  const session = client.session;
  if (!(session instanceof StringSession))
    throw new Error('The client does not use a StringSession.');
  return session.save();
}

/** Narrows an RPC error to a flood wait, failing the test if it is anything else. */
export function floodSeconds(error: errors.RPCError): number {
  if (!(error instanceof errors.FloodWaitError))
    throw new Error(`Expected a flood wait, got ${error.errorMessage}`);
  return error.seconds;
}
