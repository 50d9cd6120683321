import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { StringSession } from 'telegram/sessions';
import { futureSaltsOf, type DcConnection } from './connection';
import { randomLong } from './crypto';
import { authKeyFromSecret } from './handshake';
import { rpcError, type RpcError } from './errors';
import { acceptLoginToken, latestPendingLoginToken } from './rpc/auth';
import { deliverIncomingMessage } from './rpc/messages';
import { sendMessage as sendBetweenAccounts, type MessageContent } from './messaging';
import { pushOutcome } from './push';
import type { PeerRef } from './store';
import type { DcRuntime } from './runtime';
import { normalizePhone } from './scenario';
import type { AccountStore, CodeEvent } from './store';
import { mintSessions, type MintedSessions } from './mint';

/** A fault or notable event reported by the DC. */
export type FaultEvent =
  | { kind: 'delay'; method: string; ms: number }
  | { kind: 'error'; method: string; error: string }
  | { kind: 'drop'; dcId: number; afterMessages: number }
  | { kind: 'cut-mid-frame'; dcId: number }
  | { kind: 'blackout'; seconds: number }
  | { kind: 'blackout-end' }
  | { kind: 'silence'; seconds: number }
  | { kind: 'forget-auth-keys'; count: number }
  | { kind: 'rotate-salts'; count: number }
  | { kind: 'unknown-auth-key'; dcId: number };

/** Events of {@link Control}. */
export interface ControlEvents {
  code: [CodeEvent];
  /** A login-email verification code (account.sendVerifyEmailCode during a login). */
  'email-code': [{ phone: string; email: string; code: string }];
  'recovery-code': [{ phone: string; email: string; code: string }];
  fault: [FaultEvent];
  /** A code confirming a new 2FA recovery email of a signed-in account (issue 15). */
  'password-email-code': [{ phone: string; email: string; code: string }];
  /** A client opened a TCP connection to a DC; refused during a blackout. */
  dial: [{ dcId: number; isRefused: boolean }];
}

/** An authorized session made without a login: what a finished login leaves on both sides. */
export interface SeededSession {
  /** A GramJS StringSession holding the key and the sandbox address of the account's home DC. */
  session: string;
  /** The 2048-bit auth key, as any MTProto client stores it. */
  authKey: Buffer;
  /** The key's id (low 64 bits of its SHA-1), unsigned decimal as GramJS's AuthKey.keyId prints. */
  authKeyId: string;
  /** The home DC the key lives on, and its sandbox address. */
  dcId: number;
  host: string;
  port: number;
  /**
   * With `withFutureSalts`: what `get_future_salts(64)` would have handed the key, as a client
   * that used it before keeps them (unix seconds; the DC runs on this machine's clock).
   */
  serverSalts?: { salt: string; validSince: number; validUntil: number }[];
  /** The account the key is signed in to. */
  user: {
    id: bigint;
    phone: string;
    firstName: string;
    lastName?: string;
    username?: string;
    isPremium: boolean;
  };
}

/** Which connections a drop applies to. */
export interface DropOptions {
  /** Close after this many more encrypted messages arrive (the last one is not processed). Default 1. */
  afterMessages?: number;
  /** Instead of closing on receipt, write half of the next outgoing frame and then close. */
  isMidFrame?: boolean;
  /** Only connections of this DC. */
  dcId?: number;
}

interface ArmedDrop {
  remaining: number;
  isMidFrame: boolean;
  dcId?: number;
}

/**
 * Test control of a running sandbox: fault injection (delays, queued errors, dropped
 * connections, blackouts, forgotten keys, salt rotation) and a view of what the DC sent
 * (codes, recovery codes) plus actions of "another device" (QR approval, incoming messages).
 */
export class Control extends EventEmitter<ControlEvents> {
  private readonly delays = new Map<string, number>();
  private readonly queuedErrors = new Map<string, RpcError[]>();
  private drops: ArmedDrop[] = [];
  private blackoutUntil = 0;
  private silenceUntil = 0;
  private blackoutTimer: NodeJS.Timeout | undefined;
  private runtimes: DcRuntime[] = [];
  private readonly callCounts = new Map<string, number>();

  constructor(private readonly store: AccountStore) {
    super();
    store.on('code', (e) => this.emit('code', e));
    store.on('recovery-code', (e) => this.emit('recovery-code', e));
    store.on('email-code', (e) => this.emit('email-code', e));
    store.on('password-email-code', (e) => this.emit('password-email-code', e));
  }

  /**
   * Moves the DC's clock forward by `seconds`: resend timeouts, code and recovery-code expiry,
   * QR token expiry and flood-rule waits pass without real waiting. The transport stays on real
   * time, so live clients keep working.
   */
  advance(seconds: number): void {
    this.store.time.advance(seconds);
  }

  /** The DC's time (ms since the epoch): the injected clock plus every {@link advance}. */
  now(): number {
    return this.store.time.nowMs();
  }

  /**
   * Signs `phone`'s account in without a login: binds a fresh auth key on its home DC to the
   * account and returns what a client needs to use it (no handshake, no code).
   */
  async seedAuthorizedSession(
    phone: string,
    options: { withFutureSalts?: boolean } = {},
  ): Promise<SeededSession> {
    const user = this.store.findByPhone(phone);
    if (!user) throw new Error(`unknown account ${phone}`);
    const home = this.runtimes.find((rt) => rt.id === user.dcId);
    if (!home) throw new Error(`the account's DC ${user.dcId} is not running`);
    let secret = randomBytes(256);
    while (secret[0] === 0) secret = randomBytes(256);
    const { key, keyId } = authKeyFromSecret(secret);
    const record = this.store.addKey(home.id, keyId, key);
    record.userId = user.id;
    const serverSalts = options.withFutureSalts
      ? futureSaltsOf(record, 64).map((s) => ({ ...s, salt: s.salt.toString() }))
      : undefined;
    const authKey = new AuthKey();
    await authKey.setKey(key);
    const session = new StringSession('');
    session.setDC(home.id, home.host, home.port);
    session.setAuthKey(authKey);
    return {
      session: session.save(),
      authKey: key,
      authKeyId: BigInt.asUintN(64, keyId).toString(),
      dcId: home.id,
      host: home.host,
      port: home.port,
      ...(serverSalts ? { serverSalts } : {}),
      user: {
        id: user.id,
        phone: user.phone ?? '',
        firstName: user.firstName,
        lastName: user.lastName,
        username: user.username,
        isPremium: user.isPremium,
      },
    };
  }

  // Session import (issue 15)
  /**
   * Mints a fresh authorized key for `phone` on its home DC, written as a GramJS, Telethon,
   * Pyrogram and mtcute session string (see mint.ts for the `.session` files).
   */
  mintSessions(phone: string): Promise<MintedSessions> {
    return mintSessions(this, phone);
  }

  /** Closes `count` open connections picked at random, as a flaky network would; returns how many. */
  resetConnections(count: number): number {
    const open = this.runtimes.flatMap((rt) => [...rt.connections]);
    let n = 0;
    for (; n < count && open.length > 0; n++) {
      const [victim] = open.splice(Math.floor(Math.random() * open.length), 1);
      victim?.close();
    }
    return n;
  }

  /** @internal Wires the DCs in once they listen. */
  attach(runtimes: DcRuntime[]): void {
    this.runtimes = runtimes;
  }

  /** Delays every call of `method` (e.g. "auth.sendCode") by `ms`; 0 removes the delay. */
  setDelay(method: string, ms: number): void {
    if (ms > 0) this.delays.set(method, ms);
    else this.delays.delete(method);
  }

  /** Makes the next call of `method` fail with `error` (e.g. "FLOOD_WAIT_7"); calls queue up in order. */
  queueError(method: string, error: string, code?: number): void {
    const list = this.queuedErrors.get(method) ?? [];
    list.push(rpcError(error, code));
    this.queuedErrors.set(method, list);
  }

  /** Arms a one-shot connection drop. */
  dropConnection(opts: DropOptions = {}): void {
    this.drops.push({
      remaining: opts.afterMessages ?? 1,
      isMidFrame: opts.isMidFrame ?? false,
      dcId: opts.dcId,
    });
  }

  /** For `seconds`, every DC closes existing connections and refuses new ones. */
  blackout(seconds: number): void {
    this.blackoutUntil = Date.now() + seconds * 1000;
    for (const rt of this.runtimes) for (const c of [...rt.connections]) c.close();
    this.noteFault({ kind: 'blackout', seconds });
    if (this.blackoutTimer) clearTimeout(this.blackoutTimer);
    this.blackoutTimer = setTimeout(() => {
      this.blackoutTimer = undefined;
      this.noteFault({ kind: 'blackout-end' });
    }, seconds * 1000);
    this.blackoutTimer.unref();
  }

  /**
   * A link that dies without closing (a NAT that forgot it, a laptop lid closed): every
   * connection open now, and every one opened in the next `seconds`, stays open but is dead for
   * good: nothing it receives is read, nothing is sent on it. Only the client's keep-alive can
   * tell; the DC itself closes it once its `ping_delay_disconnect` runs out. Connections opened
   * after the silence work.
   */
  silence(seconds: number): void {
    this.silenceUntil = Date.now() + seconds * 1000;
    for (const rt of this.runtimes) for (const c of rt.connections) c.die();
    this.noteFault({ kind: 'silence', seconds });
  }

  /** True while a silence lasts. */
  isSilenced(): boolean {
    return Date.now() < this.silenceUntil;
  }

  /** True while a blackout lasts. */
  isBlackedOut(): boolean {
    return Date.now() < this.blackoutUntil;
  }

  /**
   * Forgets auth keys like a DC that lost them: the next message with such a key gets transport
   * error -404. Without a filter every key goes; `phone` limits it to that account's keys.
   */
  forgetAuthKeys(filter: { dcId?: number; phone?: string; keyId?: bigint | string } = {}): number {
    const user = filter.phone ? this.store.findByPhone(filter.phone) : undefined;
    if (filter.phone && !user) return 0;
    let count = 0;
    for (const [dcId, keys] of this.store.keys) {
      if (filter.dcId !== undefined && filter.dcId !== dcId) continue;
      for (const [id, k] of [...keys]) {
        if (user && k.userId !== user.id) continue;
        if (filter.keyId !== undefined && !sameKeyId(id, filter.keyId)) continue;
        keys.delete(id);
        count++;
      }
    }
    this.noteFault({ kind: 'forget-auth-keys', count });
    return count;
  }

  /** Replaces every key's server salt, so clients get bad_server_salt and resend. */
  rotateSalts(): number {
    let count = 0;
    const t = Math.floor(Date.now() / 1000);
    for (const keys of this.store.keys.values()) {
      for (const k of keys.values()) {
        k.salts = [{ salt: randomLong(), validSince: t - 60, validUntil: t + 3600 }];
        count++;
      }
    }
    this.noteFault({ kind: 'rotate-salts', count });
    return count;
  }

  /** The last login code sent to `phone`, if any. */
  lastCode(phone: string): string | undefined {
    return this.store.lastCodeByPhone.get(normalizePhone(phone))?.code;
  }

  /** The number that called `phone` for its last missed-call or flash-call code, if any. */
  lastCallingNumber(phone: string): string | undefined {
    return this.store.lastCodeByPhone.get(normalizePhone(phone))?.callingNumber;
  }

  /** The last login-email verification code e-mailed during `phone`'s login, if any. */
  lastEmailSetupCode(phone: string): string | undefined {
    const digits = normalizePhone(phone);
    let code: string | undefined;
    for (const a of this.store.codes.values())
      if (a.phone === digits && a.emailSetup) code = a.emailSetup.code;
    return code;
  }

  /** The last password-recovery code e-mailed for `phone`'s account, if any. */
  lastRecoveryCode(phone: string): string | undefined {
    const user = this.store.findByPhone(phone);
    return user ? this.store.recovery.get(user.id)?.code : undefined;
  }

  /**
   * Approves a QR login as an already logged-in device of `phone`'s account. `token` is the raw
   * token, its base64url form (as in tg://login?token=), or "latest" for the newest pending one.
   */
  acceptQrLogin(token: Buffer | string, phone: string): void {
    const user = this.store.findByPhone(phone);
    if (!user) throw new Error(`unknown account ${phone}`);
    const raw =
      token === 'latest'
        ? latestPendingLoginToken(this.store)?.token
        : typeof token === 'string'
          ? Buffer.from(token, 'base64url')
          : token;
    if (!raw) throw new Error('no pending QR login token');
    acceptLoginToken(this.store, raw, user);
  }

  /** Delivers an incoming message to `phone`'s account from a user peer (created by name if new). */
  deliverMessage(phone: string, msg: { fromPeer: string; text: string }): void {
    const user = this.store.findByPhone(phone);
    if (!user) throw new Error(`unknown account ${phone}`);
    deliverIncomingMessage(this.store, user, msg.fromPeer, msg.text);
  }

  /** Open connections, optionally only of one DC and/or one auth key (id signed or unsigned, bigint or decimal string). */
  connectionCount(filter: { dcId?: number; authKeyId?: bigint | string } = {}): number {
    let n = 0;
    for (const rt of this.runtimes) {
      if (filter.dcId !== undefined && rt.id !== filter.dcId) continue;
      for (const c of rt.connections) {
        if (
          filter.authKeyId !== undefined &&
          c.keyIfAny?.keyId.toString() !== filter.authKeyId.toString()
        )
          continue;
        n++;
      }
    }
    return n;
  }

  /** Every open connection: its DC, detected transport and auth key id (unsigned decimal, as GramJS's AuthKey.keyId prints) once known. */
  describeConnections(): {
    dcId: number;
    transport?: string;
    isObfuscated?: boolean;
    authKeyId?: string;
  }[] {
    const out: { dcId: number; transport?: string; isObfuscated?: boolean; authKeyId?: string }[] =
      [];
    for (const rt of this.runtimes) {
      for (const c of rt.connections) {
        out.push({
          dcId: rt.id,
          transport: c.transport?.kind,
          isObfuscated: c.transport?.obfuscated,
          authKeyId: c.keyIfAny ? BigInt.asUintN(64, c.keyIfAny.keyId).toString() : undefined,
        });
      }
    }
    return out;
  }

  /**
   * How many calls of `method` (a TL name such as "auth.cancelCode", or the service call
   * "get_future_salts") reached the DC since it started, counting those that then failed.
   */
  callCount(method: string): number {
    return this.callCounts.get(method) ?? 0;
  }

  /**
   * @internal Counts a call of `method`. A service call (`get_future_salts`) is only counted: no
   * delay or queued error applies to it.
   */
  countCall(method: string): void {
    this.callCounts.set(method, (this.callCounts.get(method) ?? 0) + 1);
  }

  /** @internal Counts the call, then applies the configured delay and queued error of `method`. */
  async beforeCall(method: string): Promise<void> {
    this.countCall(method);
    const ms = this.delays.get(method);
    if (ms) {
      this.noteFault({ kind: 'delay', method, ms });
      await new Promise<void>((r) => setTimeout(r, ms).unref());
    }
    const err = this.queuedErrors.get(method)?.shift();
    if (err) {
      this.noteFault({ kind: 'error', method, error: err.errorMessage });
      throw err;
    }
  }

  /** @internal True when an armed drop fires for this received message (the connection is then closed). */
  shouldDropAfterMessage(conn: DcConnection): boolean {
    const d = this.drops.find(
      (x) => !x.isMidFrame && (x.dcId === undefined || x.dcId === conn.rt.id),
    );
    if (!d) return false;
    d.remaining--;
    if (d.remaining > 0) return false;
    this.drops = this.drops.filter((x) => x !== d);
    this.noteFault({ kind: 'drop', dcId: conn.rt.id, afterMessages: 0 });
    conn.close();
    return true;
  }

  /** @internal True when the frame being written should be cut in half (then the connection closes). */
  shouldCutMidFrame(conn: DcConnection): boolean {
    const d = this.drops.find(
      (x) => x.isMidFrame && (x.dcId === undefined || x.dcId === conn.rt.id),
    );
    if (!d || conn.messagesReceived === 0) return false;
    d.remaining--;
    if (d.remaining > 0) return false;
    this.drops = this.drops.filter((x) => x !== d);
    this.noteFault({ kind: 'cut-mid-frame', dcId: conn.rt.id });
    return true;
  }

  /** @internal Reports a TCP connection a client opened. */
  noteDial(dcId: number, isRefused: boolean): void {
    this.emit('dial', { dcId, isRefused });
  }

  /** @internal Reports a fault event. */
  noteFault(e: FaultEvent): void {
    this.emit('fault', e);
  }

  /** @internal Clears timers. */
  dispose(): void {
    if (this.blackoutTimer) clearTimeout(this.blackoutTimer);
    this.removeAllListeners();
  }

  // Two-step verification of a signed-in account (issue 15)
  /** The code that confirms `phone`'s account's new recovery email, while it waits for one. */
  lastPasswordEmailCode(phone: string): string | undefined {
    const user = this.store.findByPhone(phone);
    return user ? this.store.pendingPasswordEmails.get(user.id)?.code : undefined;
  }

  // Chats and messages (issue 16)
  /**
   * Makes the account `fromPhone` write `text` (or richer content) to `to`: another account's
   * phone, or the title of a group or channel the account is in. Recipients' live sessions get
   * the message at once, as do the sender's; returns the message id in the sender's box (or the
   * channel).
   */
  sendMessage(fromPhone: string, to: string, content: string | MessageContent): number {
    const from = this.store.findByPhone(fromPhone);
    if (!from) throw new Error(`unknown account ${fromPhone}`);
    const sent = sendBetweenAccounts(
      this.store,
      from,
      this.peerNamed(to),
      typeof content === 'string' ? { text: content } : content,
    );
    pushOutcome(this.store, sent);
    return sent.message.id;
  }

  /** Titles of every group and channel. */
  chatTitles(): string[] {
    return [
      ...[...this.store.chats.values()].map((c) => c.title),
      ...[...this.store.channels.values()].map((c) => c.title),
    ];
  }

  /** A phone's account, or a group or channel by title. */
  private peerNamed(to: string): PeerRef {
    const name = to.replace(/^#/, '');
    if (/^\+?[\d\s]+$/.test(name)) {
      const user = this.store.findByPhone(name);
      if (!user) throw new Error(`unknown account ${to}`);
      return { kind: 'user', id: user.id };
    }
    for (const c of this.store.chats.values())
      if (c.title === name) return { kind: 'chat', id: c.id };
    for (const c of this.store.channels.values())
      if (c.title === name) return { kind: 'channel', id: c.id };
    throw new Error(`no group or channel titled "${name}"`);
  }
}

/** Auth key ids compare as 64-bit values whether given signed (wire) or unsigned (GramJS's AuthKey.keyId). */
function sameKeyId(a: bigint | undefined, b: bigint | string): boolean {
  return a !== undefined && BigInt.asUintN(64, a) === BigInt.asUintN(64, BigInt(b.toString()));
}
