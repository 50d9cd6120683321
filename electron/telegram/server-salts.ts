/**
 * Server salts kept beside a stored session (issue 17).
 *
 * Every encrypted message carries a server salt the server must take. GramJS keeps none in its
 * session: a restored client's first message goes out with salt 0, Telegram answers
 * `bad_server_salt` with the right one, and GramJS sends the message again. Per account restored
 * that is one round trip, one message sent and one received for nothing. TDLib avoids it by
 * keeping `get_future_salts` with the auth key; Gramdeck keeps them in the vault record beside the
 * session:
 *
 * - the first sender of a stored session starts with the salt valid now (`saltValidAt`), and a
 *   sender GramJS adds on the same key (file downloads from the home DC) with the main one's;
 * - after coming online, an account with less than a day of salts left asks for Telegram's
 *   maximum of 64 (`fetchFutureSalts`), and the core saves them.
 *
 * A salt's window is server time; it is kept in local time (shifted by the server's `now` in the
 * same answer), so a restore needs no clock of the server's. A clock that moved since, or a salt
 * Telegram withdrew, costs what it cost before: one `bad_server_salt`.
 */
import { Api, type TelegramClient } from 'telegram';
import type { BinaryReader } from 'telegram/extensions';
import { returnBigInt } from 'telegram/Helpers';
import type { ServerSalt } from '../core/ports';

/** Salts are asked for again once those kept cover less than this from now. */
export const SALTS_TOP_UP_BELOW_S = 24 * 60 * 60;
/** How many future salts one `get_future_salts` asks for: the most Telegram gives. */
const FUTURE_SALTS = 64;
/**
 * A salt is used only this far inside its window. The windows are kept in local time, corrected
 * by the server's clock when they were fetched: what is left is that clock's drift since, the
 * rounding to whole seconds, and a message still on its way when its salt expires.
 */
const EDGE_S = 10;

/** The salt to send the first message with at `nowS` (local seconds), if one is kept. */
export function saltValidAt(salts: readonly ServerSalt[], nowS: number): ServerSalt | null {
  let best: ServerSalt | null = null;
  for (const s of salts) {
    if (s.validSince + EDGE_S > nowS || nowS >= s.validUntil - EDGE_S) continue;
    // Of overlapping windows, the one that lasts longest.
    if (!best || s.validUntil > best.validUntil) best = s;
  }
  return best;
}

/** Whether the kept salts run out within a day of `nowS`. */
export function needsTopUp(salts: readonly ServerSalt[], nowS: number): boolean {
  const last = salts.reduce((end, s) => Math.max(end, s.validUntil), 0);
  return last - nowS < SALTS_TOP_UP_BELOW_S;
}

/**
 * Telegram's answer in local time: each window shifted by how far the server's clock is ahead,
 * in whole seconds (Telegram's own unit, and the vault's).
 */
export function toServerSalts(answer: Api.FutureSalts, localNowS: number): ServerSalt[] {
  const ahead = Math.round(answer.now - localNowS);
  return answer.salts.map((s) => ({
    salt: s.salt.toString(),
    validSince: s.validSince - ahead,
    validUntil: s.validUntil - ahead,
  }));
}

let isReaderInstalled = false;

/**
 * Teaches GramJS to read `future_salts`. Its generated reader takes the bare
 * `vector<future_salt>` for a table of bare constructors it never builds, and throws: no answer
 * to `get_future_salts` was ever read. Read here as the schema has it: the request's msg id, the
 * server's time, then a count and that many bare `future_salt` (valid_since, valid_until, salt).
 */
export function installFutureSaltsReader(): void {
  if (isReaderInstalled) return;
  isReaderInstalled = true;
  Api.FutureSalts.fromReader = (reader: BinaryReader) => {
    const reqMsgId = reader.readLong();
    const now = reader.readInt();
    const count = reader.readInt();
    const salts: Api.FutureSalt[] = [];
    for (let i = 0; i < count; i++) {
      const validSince = reader.readInt();
      const validUntil = reader.readInt();
      salts.push(new Api.FutureSalt({ validSince, validUntil, salt: reader.readLong() }));
    }
    return new Api.FutureSalts({ reqMsgId, now, salts });
  };
}

/** Asks Telegram for the most future salts it gives, on the client's main sender. */
export async function fetchFutureSalts(
  client: TelegramClient,
  localNowS: () => number,
): Promise<ServerSalt[]> {
  installFutureSaltsReader();
  const answer = await client.invoke(new Api.GetFutureSalts({ num: FUTURE_SALTS }));
  return toServerSalts(answer, localNowS());
}

/** What these functions set of GramJS's MTProtoSender (private there): its salt, 0 at first. */
interface SenderState {
  _state: { salt: ReturnType<typeof returnBigInt> };
}

/** Makes a sender's first message carry `salt` instead of 0. */
export function startWithSalt(sender: unknown, salt: ServerSalt): void {
  (sender as SenderState)._state.salt = returnBigInt(salt.salt);
}

/**
 * Makes a second sender on the main sender's auth key (GramJS downloads files of the home DC
 * through one) start with the salt the main sender uses now, not 0.
 */
export function startWithMainSalt(sender: unknown, main: unknown): void {
  const salt = (main as Partial<SenderState> | undefined)?._state?.salt;
  if (salt && !salt.isZero()) (sender as SenderState)._state.salt = salt;
}
