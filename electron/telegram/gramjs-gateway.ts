/**
 * `GramJsGateway`: the TelegramGateway port on GramJS (npm `telegram`). One TelegramClient per
 * connection, nothing shared between them except GramJS's process-wide RSA key map.
 *
 * GramJS options that do less than their names say are handled here and in gramjs-client.ts:
 * - `connect()` ignores `timeout` and may retry forever: connectionRetries is 1 and connect() is
 *   raced against our own timeout; reconnecting with backoff is the account manager's job;
 * - `disconnect()` leaves the update loop running: `destroy()` is used;
 * - GramJS's ping loop pings every 9 s and reports a slow pong as a disconnect: one keep-alive
 *   for all clients replaces it (keep-alive.ts);
 * - `floodSleepThreshold` would sleep silently for up to 60 s: it is 0, waits are surfaced;
 * - a request to a server that forgot our auth key hangs: every call has a timeout.
 */
import { randomBytes } from 'node:crypto';
import { Api, errors } from 'telegram';
import type { TelegramClient } from 'telegram';
import { Raw } from 'telegram/events';
import { UpdateConnectionState } from 'telegram/network';
import { computeCheck, computeDigest } from 'telegram/Password';
import { StringSession } from 'telegram/sessions';
import { returnBigInt } from 'telegram/Helpers';
import type { AppFailure } from '../shared/errors';
import type {
  Clock,
  CodeCredential,
  Logger,
  PasswordInfo,
  QrLoginResult,
  SendCodeResult,
  ServerSalt,
  ServiceMessage,
  SignInResult,
  TelegramClientOptions,
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
  TelegramUser,
  Timers,
  TwoStepChange,
  TwoStepInfo,
  TwoStepResetResult,
} from '../core/ports';
import { failure } from '../shared/error-words';
import { describeForLog, rpcErrorName, toAppFailure, withTimeout } from './errors';
import { createClient, type ClientDevice, type ClientParts } from './gramjs-client';
import { leaseHandshakeWorker } from './off-thread-handshake';
import { KeepAlive } from './keep-alive';
import { mapTwoStepInfo, passwordInputSettings } from './two-step';
import { proxyFailureOf, refuseUnusableSecret } from './proxy-errors';
import {
  SERVICE_USER_ID,
  base64Url,
  mapAuthorization,
  mapDialogs,
  mapSentCode,
  mapServiceMessage,
  mapUpdate,
  mapUser,
} from './map';
// Account health (issue 15)
import type { AccountStanding } from '../core/ports';
import type { AccountFreeze } from '../shared/health-dto';
import { deactivatedStanding, isDeactivation, mapFreeze, mapStanding } from './health-map';
// Chats and messages (issue 16)
import type { ChatFolder, ChatListItem, ChatListPage, ChatMessage } from '../shared/chat-dto';
import { Chats } from './chats';
import { chatEventsOf } from './chat-updates';
import { PeerBook } from './peers';
import { UpdateState, type UpdateSnapshot } from './update-state';
import { UnreadTally } from './unread-tally';
import { fetchFutureSalts, needsTopUp } from './server-salts';

export interface GramJsGatewayOptions extends ClientDevice {
  logger: Logger;
  /** How long `openClient` waits for the connection (default 15 s). */
  connectTimeoutMs?: number;
  /** How long any single call may take (default 20 s). */
  callTimeoutMs?: number;
  /**
   * Start the handshake worker now instead of at the first handshake, so that the first login is
   * as fast as the next ones (the desktop app and the web host do; see off-thread-handshake.ts).
   */
  isHandshakeWorkerWarm?: boolean;
  /** Wall-clock time for what depends on it (a chat muted until a date); default Date.now. */
  clock?: Clock;
  /** How often each connection pings (default 30 s; tests of a dead link shorten it). */
  keepAliveIntervalMs?: number;
}

/** Creates the GramJS gateway. It keeps no clients: each `openClient` result is owned by its caller. */
export function createGramJsGateway(options: GramJsGatewayOptions): TelegramGateway {
  const log = options.logger.child({ scope: 'telegram' });
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const callTimeoutMs = options.callTimeoutMs ?? 20_000;
  const handshakes = leaseHandshakeWorker();
  if (options.isHandshakeWorkerWarm) void handshakes.worker.warm();
  // Chats and messages (issue 16): what outlives one connection of an account, by log label.
  const memories = new AccountMemories();
  const clock = options.clock ?? { now: () => Date.now() };
  const keepAlive = new KeepAlive(
    options.keepAliveIntervalMs ? { intervalMs: options.keepAliveIntervalMs } : {},
  );

  return {
    async openClient(clientOptions) {
      refuseUnusableSecret(clientOptions.proxy);
      const clientLog = log.child({ client: clientOptions.logLabel });
      const parts = createClient(
        clientOptions,
        options,
        clientLog,
        { worker: handshakes.worker, timeoutMs: connectTimeoutMs },
        keepAlive,
      );
      const client = parts.client;
      const memory = clientOptions.session
        ? memories.of(clientOptions.logLabel)
        : { peers: new PeerBook(), updates: null };
      const connection = new GramJsConnection(
        parts,
        clientOptions,
        clientLog,
        callTimeoutMs,
        memory,
        clock,
      );
      try {
        // A fresh session's handshake runs in the worker: its start-up is not the DC's time.
        if (!clientOptions.session) await handshakes.worker.warm();
        // A server that forgot the key answers -404 while connecting (an imported or revoked
        // session): GramJS reports it as a broken connection and never settles the connect.
        const isConnected = await withTimeout(
          connection.failOnLogout(client.connect()),
          connectTimeoutMs,
        );
        if (!isConnected) {
          const reported = parts.lastError();
          throw reported instanceof Error ? reported : failure('NETWORK');
        }
      } catch (error) {
        clientLog.log('info', 'Connect failed', { error: describeForLog(error) });
        await connection.destroy();
        // Through a proxy, say what failed: the socket or SOCKS error GramJS reported beats
        // the bare timeout or "not connected" it led to.
        const proxy = clientOptions.proxy;
        const why = proxy
          ? (proxyFailureOf(parts.lastError(), proxy) ?? proxyFailureOf(error, proxy))
          : null;
        throw why ?? toAppFailure(error);
      }
      return connection;
    },
    dispose: () => {
      keepAlive.stop();
      return handshakes.release();
    },
  };
}

class GramJsConnection implements TelegramConnection {
  readonly #client: TelegramClient;
  readonly #parts: ClientParts;
  readonly #options: TelegramClientOptions;
  readonly #log: Logger;
  readonly #callTimeoutMs: number;
  readonly #listeners = new Set<(event: TelegramEvent) => void>();
  /** Rejecters of calls in flight, so a dead session fails them at once instead of hanging. */
  readonly #inFlight = new Set<(error: AppFailure) => void>();
  #fatal: AppFailure | null = null;
  #isDestroyed = false;
  // Chats and messages (issue 16)
  readonly #peers: PeerBook;
  readonly #updates: UpdateState;
  /** The unread total kept from updates (issue 17): no getDialogs per message received. */
  readonly #unread: UnreadTally;
  readonly #chats: Chats;
  #selfId: string | null = null;
  /** The user the last `getMe` answered: the avatar is read from its photo, with no call for it. */
  #me: Api.User | null = null;
  #wasDisconnected = false;
  readonly #memory: AccountMemory;
  /** Restored from an earlier connection: catch up once someone listens. */
  #isCatchUpDue: boolean;
  readonly #clock: Clock;
  /** The server salts kept for the session `#saltsSession` (server-salts.ts). */
  #salts: readonly ServerSalt[];
  #saltsSession: string | null;

  constructor(
    parts: ClientParts,
    options: TelegramClientOptions,
    log: Logger,
    callTimeoutMs: number,
    memory: AccountMemory,
    clock: Clock,
  ) {
    const client = parts.client;
    this.#unread = new UnreadTally(clock);
    this.#memory = memory;
    this.#peers = memory.peers;
    this.#isCatchUpDue = memory.updates !== null;
    this.#parts = parts;
    this.#client = client;
    this.#options = options;
    this.#log = log;
    this.#callTimeoutMs = callTimeoutMs;
    this.#clock = clock;
    this.#salts = options.serverSalts ?? [];
    this.#saltsSession = options.session;
    const invoke = <R extends Api.AnyRequest>(request: R) => this.#invoke(request);
    this.#updates = new UpdateState({
      invoke,
      peers: this.#peers,
      apply: (update) => {
        this.#applyUpdate(update);
      },
      onTooLong: (chatIds) => {
        this.#unread.forget();
        this.#emit({ kind: 'dialogs-changed', chatIds });
      },
      timers: unrefTimers,
      log,
      initial: memory.updates,
    });
    this.#chats = new Chats({
      invoke,
      call: (what, run) => this.#call(what, () => run(client)),
      peers: this.#peers,
      updates: this.#updates,
      clock,
      log,
    });
    client.addEventHandler((update: unknown) => {
      this.#onUpdate(update);
    }, new Raw({}));
  }

  #emit(event: TelegramEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#log.log('warn', 'A Telegram event listener failed', { error: describeForLog(error) });
      }
    }
  }

  #onUpdate(update: unknown): void {
    if (this.#isDestroyed) return;
    if (update instanceof UpdateConnectionState) {
      this.#emitMapped(update);
      // After a reconnect, fetch what was missed while the connection was down.
      if (update.state === UpdateConnectionState.disconnected) {
        this.#wasDisconnected = true;
        this.#unread.forget();
      }
      if (update.state === UpdateConnectionState.connected && this.#wasDisconnected) {
        this.#wasDisconnected = false;
        void this.#updates.catchUp();
      }
      return;
    }
    // GramJS unpacks `updates` containers and leaves their users and chats on each update.
    const entities = (update as { _entities?: Map<string, unknown> })._entities;
    if (entities) {
      const all = [...entities.values()];
      this.#peers.remember(
        all.filter((e): e is Api.TypeUser => e instanceof Api.User || e instanceof Api.UserEmpty),
        all.filter(
          (e): e is Api.TypeChat =>
            e instanceof Api.Chat ||
            e instanceof Api.ChatForbidden ||
            e instanceof Api.Channel ||
            e instanceof Api.ChannelForbidden,
        ),
      );
    }
    this.#updates.receive(update);
  }

  /** An update the sequence check let through (once, in order). */
  #applyUpdate(update: unknown): void {
    if (this.#isDestroyed) return;
    const chatEvents = chatEventsOf(update, this.#peers, this.#selfId);
    this.#unread.apply(update, chatEvents);
    this.#emitMapped(update);
    for (const event of chatEvents) this.#emit(event);
  }

  #emitMapped(update: unknown): void {
    for (const event of mapUpdate(update)) {
      if (event.kind === 'logged-out') {
        // Requests in flight on a session the server forgot would hang forever: fail them now.
        this.#fatal = failure(event.code);
        for (const reject of [...this.#inFlight]) reject(this.#fatal);
      }
      this.#emit(event);
    }
  }

  /** `work`, failing with LOGGED_OUT as soon as the server says it does not know the key. */
  async failOnLogout<T>(work: Promise<T>): Promise<T> {
    let rejectFatal: ((error: AppFailure) => void) | undefined;
    const fatal = new Promise<never>((_, reject) => {
      rejectFatal = reject;
    });
    if (rejectFatal) this.#inFlight.add(rejectFatal);
    try {
      return await Promise.race([work, fatal]);
    } finally {
      if (rejectFatal) this.#inFlight.delete(rejectFatal);
    }
  }

  /** Every call goes through here: connected check, timeout, error mapping, logout detection. */
  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.#fatal) throw this.#fatal;
    if (this.#isDestroyed) throw failure('NETWORK');
    if (!this.#client.connected) throw failure('NETWORK');
    // One race: the call, its timeout, and a dead session or destroy(). Whichever settles
    // first also clears the timer, so no timer outlives a destroyed client.
    let rejectFatal: ((error: AppFailure) => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guard = new Promise<never>((_, reject) => {
      rejectFatal = reject;
      timer = setTimeout(() => {
        reject(failure('TIMEOUT'));
      }, this.#callTimeoutMs);
    });
    if (rejectFatal) this.#inFlight.add(rejectFatal);
    try {
      return await Promise.race([run(), guard]);
    } catch (error) {
      const mapped = toAppFailure(error);
      this.#log.log('info', 'Telegram call failed', { call: what, error: describeForLog(error) });
      if (mapped.code === 'LOGGED_OUT' || mapped.code === 'AUTH_KEY_DUPLICATED') {
        this.#emit({ kind: 'logged-out', code: mapped.code });
      }
      throw mapped;
    } finally {
      clearTimeout(timer);
      if (rejectFatal) this.#inFlight.delete(rejectFatal);
    }
  }

  #invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
    return this.#call(request.className, () => this.#client.invoke(request));
  }

  exportSession(): string {
    const session = this.#client.session;
    return session instanceof StringSession ? session.save() : '';
  }

  dcId(): number {
    return this.#client.session.dcId;
  }

  async topUpServerSalts(): Promise<ServerSalt[] | null> {
    const session = this.exportSession();
    // Salts belong to an auth key: those of another (a migrated session) do not count.
    const kept = session === this.#saltsSession ? this.#salts : [];
    const nowS = () => this.#clock.now() / 1000;
    if (!needsTopUp(kept, nowS())) return null;
    const salts = await this.#call('GetFutureSalts', () => fetchFutureSalts(this.#client, nowS));
    this.#salts = salts;
    this.#saltsSession = session;
    return salts;
  }

  onEvent(listener: (event: TelegramEvent) => void): () => void {
    this.#listeners.add(listener);
    if (this.#isCatchUpDue) {
      // What arrived between the account's last connection and this one.
      this.#isCatchUpDue = false;
      void this.#updates.catchUp();
    }
    return () => this.#listeners.delete(listener);
  }

  async destroy(): Promise<void> {
    if (this.#isDestroyed) return;
    this.#isDestroyed = true;
    this.#updates.stop();
    this.#memory.updates = this.#updates.snapshot();
    this.#listeners.clear();
    this.#parts.close();
    this.#parts.gramLogger.mute();
    for (const reject of [...this.#inFlight]) reject(failure('NETWORK'));
    try {
      await withTimeout(this.#client.destroy(), 5_000);
    } catch (error) {
      this.#log.log('debug', 'Destroying the client failed', { error: describeForLog(error) });
    }
    await this.#closeExportedSenders();
  }

  /**
   * GramJS 2.26's disconnect() walks its Maps of other-DC senders with Object.values (always
   * empty), so senders borrowed for another DC (e.g. an avatar stored there) stay connected
   * until their 30 s release timer. Close them and drop those timers here.
   */
  async #closeExportedSenders(): Promise<void> {
    const client = this.#client as unknown as {
      _exportedSenderPromises: Map<number, Promise<{ disconnect(): Promise<void> } | undefined>>;
      _exportedSenderReleaseTimeouts?: Map<number, ReturnType<typeof setTimeout>>;
    };
    for (const timer of client._exportedSenderReleaseTimeouts?.values() ?? []) clearTimeout(timer);
    client._exportedSenderReleaseTimeouts?.clear();
    const senders = [...client._exportedSenderPromises.values()];
    client._exportedSenderPromises.clear();
    await Promise.allSettled(
      senders.map(async (promise) => {
        const sender = await withTimeout(promise, 2_000);
        await sender?.disconnect();
      }),
    );
  }

  // Login -------------------------------------------------------------------------------------

  #authorized(authorization: Api.auth.TypeAuthorization): SignInResult {
    if (authorization instanceof Api.auth.AuthorizationSignUpRequired) {
      const terms = authorization.termsOfService;
      return {
        kind: 'sign-up-required',
        termsOfService: terms?.text ?? '',
        minAgeConfirm: terms?.minAgeConfirm ?? null,
      };
    }
    return { kind: 'authorized', user: mapUser(authorization.user) };
  }

  #sentCode(result: Api.auth.TypeSentCode): SendCodeResult {
    if (result instanceof Api.auth.SentCodeSuccess) {
      const auth = this.#authorized(result.authorization);
      if (auth.kind === 'authorized') return auth;
      throw failure('SIGN_UP_REQUIRED');
    }
    if (result instanceof Api.auth.SentCode) {
      return { kind: 'code', phoneCodeHash: result.phoneCodeHash, sentCode: mapSentCode(result) };
    }
    throw failure('TELEGRAM_ERROR', { message: 'Telegram asked for a payment to send the code.' });
  }

  async sendCode(phone: string, logoutTokens: readonly string[] = []): Promise<SendCodeResult> {
    const result = await this.#invoke(
      new Api.auth.SendCode({
        phoneNumber: phone,
        apiId: this.#options.apiId,
        apiHash: this.#options.apiHash,
        settings: new Api.CodeSettings(
          logoutTokens.length > 0
            ? { logoutTokens: logoutTokens.map((token) => Buffer.from(token, 'base64')) }
            : {},
        ),
      }),
    );
    return this.#sentCode(result);
  }

  async resendCode(phone: string, phoneCodeHash: string): Promise<SendCodeResult> {
    const result = await this.#invoke(
      new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash }),
    );
    return this.#sentCode(result);
  }

  async cancelCode(phone: string, phoneCodeHash: string): Promise<void> {
    await this.#invoke(new Api.auth.CancelCode({ phoneNumber: phone, phoneCodeHash }));
  }

  async #passwordNeededOr<T>(run: () => Promise<T>): Promise<T | { kind: 'password-needed' }> {
    try {
      return await run();
    } catch (error) {
      if (rpcErrorName(error) === 'SESSION_PASSWORD_NEEDED') return { kind: 'password-needed' };
      if (error instanceof Error && error.message.includes('SESSION_PASSWORD_NEEDED')) {
        return { kind: 'password-needed' };
      }
      throw error;
    }
  }

  async signIn(
    phone: string,
    phoneCodeHash: string,
    code: string,
    credential: CodeCredential = 'phone-code',
  ): Promise<SignInResult> {
    // A code Telegram sent by email signs in as email_verification, never as phone_code.
    const request =
      credential === 'email-code'
        ? new Api.auth.SignIn({
            phoneNumber: phone,
            phoneCodeHash,
            emailVerification: new Api.EmailVerificationCode({ code }),
          })
        : new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash, phoneCode: code });
    return this.#call('auth.SignIn', () =>
      this.#passwordNeededOr(async () => this.#authorized(await this.#client.invoke(request))),
    );
  }

  async sendLoginEmailCode(
    phone: string,
    phoneCodeHash: string,
    email: string,
  ): Promise<{ emailPattern: string; length: number | null }> {
    const request = new Api.account.SendVerifyEmailCode({
      purpose: new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: phone, phoneCodeHash }),
      email,
    });
    // GramJS 2.26's client.invoke() passes every result to EntityCache.add(), which takes any
    // object with a numeric `length` for an array and throws "entities is not iterable" on
    // account.SentEmailCode{email_pattern, length}, after Telegram already mailed the code.
    // The sender answers the same result without that cache step.
    const sent = await this.#call(request.className, async () => {
      const sender = this.#client._sender;
      if (!sender) throw failure('NETWORK');
      return (await sender.send(request)) as Api.account.SentEmailCode;
    });
    return { emailPattern: sent.emailPattern, length: sent.length > 0 ? sent.length : null };
  }

  async verifyLoginEmail(
    phone: string,
    phoneCodeHash: string,
    code: string,
  ): Promise<SendCodeResult> {
    const verified = await this.#invoke(
      new Api.account.VerifyEmail({
        purpose: new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: phone, phoneCodeHash }),
        verification: new Api.EmailVerificationCode({ code }),
      }),
    );
    // For the login-setup purpose Telegram answers emailVerifiedLogin: the code went to the email.
    if (!(verified instanceof Api.account.EmailVerifiedLogin)) {
      throw failure('TELEGRAM_ERROR', { message: 'Telegram did not send a login code by email.' });
    }
    return this.#sentCode(verified.sentCode);
  }

  async signUp(phone: string, phoneCodeHash: string, firstName: string, lastName: string) {
    const result = await this.#invoke(
      new Api.auth.SignUp({ phoneNumber: phone, phoneCodeHash, firstName, lastName }),
    );
    const auth = this.#authorized(result);
    if (auth.kind !== 'authorized') throw failure('SIGN_UP_REQUIRED');
    return auth;
  }

  async getPasswordInfo(): Promise<PasswordInfo> {
    const p = await this.#invoke(new Api.account.GetPassword());
    return {
      hasPassword: p.hasPassword === true,
      hasRecovery: p.hasRecovery === true,
      hint: p.hint ?? null,
      emailUnconfirmedPattern: p.emailUnconfirmedPattern ?? null,
    };
  }

  async checkPassword(password: string): Promise<{ kind: 'authorized'; user: TelegramUser }> {
    const result = await this.#call('auth.CheckPassword', async () => {
      const srp = await this.#client.invoke(new Api.account.GetPassword());
      const check = await computeCheck(srp, password);
      return this.#client.invoke(new Api.auth.CheckPassword({ password: check }));
    });
    const auth = this.#authorized(result);
    if (auth.kind !== 'authorized') throw failure('SIGN_UP_REQUIRED');
    return auth;
  }

  async requestPasswordRecovery(): Promise<{ emailPattern: string }> {
    const result = await this.#invoke(new Api.auth.RequestPasswordRecovery());
    return { emailPattern: result.emailPattern };
  }

  async checkRecoveryCode(code: string): Promise<boolean> {
    return this.#invoke(new Api.auth.CheckRecoveryPassword({ code }));
  }

  async recoverPassword(
    code: string,
    newPassword: { password: string; hint: string } | null,
  ): Promise<{ kind: 'authorized'; user: TelegramUser }> {
    const result = await this.#call('auth.RecoverPassword', async () => {
      let newSettings: Api.account.PasswordInputSettings | undefined;
      if (newPassword) {
        const current = await this.#client.invoke(new Api.account.GetPassword());
        const algo = current.newAlgo;
        if (
          !(algo instanceof Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow)
        ) {
          throw failure('NEW_SETTINGS_INVALID');
        }
        // The client appends 32 random bytes to the server's salt1 (as official apps do).
        const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
          salt1: Buffer.concat([algo.salt1, randomBytes(32)]),
          salt2: algo.salt2,
          g: algo.g,
          p: algo.p,
        });
        newSettings = new Api.account.PasswordInputSettings({
          newAlgo,
          newPasswordHash: await computeDigest(newAlgo, newPassword.password),
          hint: newPassword.hint,
        });
      }
      return this.#client.invoke(
        new Api.auth.RecoverPassword(newSettings ? { code, newSettings } : { code }),
      );
    });
    const auth = this.#authorized(result);
    if (auth.kind !== 'authorized') throw failure('SIGN_UP_REQUIRED');
    return auth;
  }

  async resetAccount(reason: string): Promise<void> {
    const isDeleted = await this.#invoke(new Api.account.DeleteAccount({ reason }));
    if (!isDeleted)
      throw failure('TELEGRAM_ERROR', { message: 'Telegram did not reset the account.' });
  }

  async exportLoginToken(exceptUserIds: string[]): Promise<QrLoginResult> {
    return this.#call('auth.ExportLoginToken', () =>
      this.#passwordNeededOr(async (): Promise<QrLoginResult> => {
        let result = await this.#client.invoke(
          new Api.auth.ExportLoginToken({
            apiId: this.#options.apiId,
            apiHash: this.#options.apiHash,
            exceptIds: exceptUserIds.map((id) => returnBigInt(id)),
          }),
        );
        if (result instanceof Api.auth.LoginTokenMigrateTo) {
          // The account lives on another DC: move this (not yet authorized) client there and
          // import the token on it.
          await this.#client._switchDC(result.dcId);
          result = await this.#client.invoke(
            new Api.auth.ImportLoginToken({ token: result.token }),
          );
        }
        if (result instanceof Api.auth.LoginTokenSuccess) {
          const auth = this.#authorized(result.authorization);
          if (auth.kind !== 'authorized') throw failure('SIGN_UP_REQUIRED');
          return auth;
        }
        if (result instanceof Api.auth.LoginToken) {
          return {
            kind: 'token',
            url: `tg://login?token=${base64Url(result.token)}`,
            expiresAt: result.expires * 1000,
          };
        }
        throw failure('QR_TOKEN_EXPIRED');
      }),
    );
  }

  // An authorized session ---------------------------------------------------------------------

  /**
   * `users.getUsers` for self, as GramJS's `client.getMe` asks it, without its way there: GramJS
   * resolves each id first, and `inputUserSelf` is no input peer, so every call threw and caught
   * an error on the way (2 % of a 10,000-account restore's CPU). The id needs no resolving.
   * (GramJS's getMe also caches the self peer; `createClient` sets it, see gramjs-client.ts.)
   */
  async #requestSelf(): Promise<Api.User> {
    const request = new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });
    request.resolve = () => Promise.resolve();
    const [me] = await this.#client.invoke(request);
    if (!(me instanceof Api.User))
      throw failure('TELEGRAM_ERROR', {
        message: 'Telegram did not send this account’s own user.',
      });
    return this.#adoptSelf(me);
  }

  #adoptSelf(me: Api.User): Api.User {
    (this.#client as unknown as { _bot?: boolean })._bot = me.bot ?? false;
    this.#me = me;
    return me;
  }

  async getMe(): Promise<TelegramUser> {
    // The first getMe of a stored session: its connect asked already (gramjs-client.ts).
    const asked = this.#fatal || this.#isDestroyed ? null : this.#parts.takeSelfFromConnect();
    const me = asked
      ? this.#adoptSelf(asked)
      : await this.#call('users.GetUsers', () => this.#requestSelf());
    this.#selfId = me.id.toString();
    this.#peers.remember([me], []);
    return mapUser(me);
  }

  async downloadAvatar(): Promise<string | null> {
    // The user of the connect's getMe names the photo: resolving 'me' would ask for it again.
    const me = this.#me;
    if (me && !(me.photo instanceof Api.UserProfilePhoto)) return null;
    const data = await this.#call('downloadProfilePhoto', () =>
      this.#client.downloadProfilePhoto(me ?? 'me', { isBig: false }),
    );
    if (!(data instanceof Buffer) || data.length === 0) return null;
    return `data:${imageMimeOf(data)};base64,${data.toString('base64')}`;
  }

  async getBio(): Promise<string | null> {
    const full = await this.#invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    return full.fullUser.about ?? null;
  }

  #getDialogs(limit: number) {
    return this.#invoke(
      new Api.messages.GetDialogs({
        offsetDate: 0,
        offsetId: 0,
        offsetPeer: new Api.InputPeerEmpty(),
        limit,
        hash: returnBigInt(0),
      }),
    );
  }

  async getUnreadCount(): Promise<number> {
    const known = this.#unread.total();
    if (known !== null) return known;
    const token = this.#unread.beginSeed();
    const result = await this.#getDialogs(100);
    if (result instanceof Api.messages.DialogsNotModified) return 0;
    return this.#unread.seed(token, result.dialogs, result instanceof Api.messages.Dialogs);
  }

  async listChats(limit: number) {
    const result = await this.#getDialogs(limit);
    if (result instanceof Api.messages.DialogsNotModified) return [];
    return mapDialogs(result).slice(0, limit);
  }

  async listSessions() {
    const result = await this.#invoke(new Api.account.GetAuthorizations());
    return result.authorizations.map(mapAuthorization);
  }

  async endSession(sessionId: string): Promise<void> {
    await this.#invoke(new Api.account.ResetAuthorization({ hash: returnBigInt(sessionId) }));
  }

  async endOtherSessions(): Promise<void> {
    await this.#invoke(new Api.auth.ResetAuthorizations());
  }

  async listServiceMessages(limit: number): Promise<ServiceMessage[]> {
    const dialogs = await this.#getDialogs(100);
    if (dialogs instanceof Api.messages.DialogsNotModified) return [];
    const service = dialogs.users.find(
      (u): u is Api.User => u instanceof Api.User && u.id.toString() === SERVICE_USER_ID,
    );
    if (!service) return [];
    const history = await this.#invoke(
      new Api.messages.GetHistory({
        peer: new Api.InputPeerUser({
          userId: service.id,
          accessHash: service.accessHash ?? returnBigInt(0),
        }),
        offsetId: 0,
        offsetDate: 0,
        addOffset: 0,
        limit,
        maxId: 0,
        minId: 0,
        hash: returnBigInt(0),
      }),
    );
    if (history instanceof Api.messages.MessagesNotModified) return [];
    return history.messages
      .filter((m): m is Api.Message => m instanceof Api.Message && !m.out)
      .map(mapServiceMessage);
  }

  async logOut(): Promise<{ futureAuthToken: string | null }> {
    const result = await this.#invoke(new Api.auth.LogOut());
    const token = result.futureAuthToken;
    return { futureAuthToken: token && token.length > 0 ? token.toString('base64') : null };
  }

  // Two-step verification of an added account (issue 15)
  async getTwoStepInfo(): Promise<TwoStepInfo> {
    return mapTwoStepInfo(await this.#invoke(new Api.account.GetPassword()));
  }

  async updateTwoStep(
    currentPassword: string | null,
    change: TwoStepChange,
  ): Promise<{ emailCodeLength: number | null }> {
    return this.#call('account.UpdatePasswordSettings', async () => {
      const current = await this.#client.invoke(new Api.account.GetPassword());
      const proof =
        currentPassword === null
          ? new Api.InputCheckPasswordEmpty()
          : await computeCheck(current, currentPassword);
      try {
        await this.#client.invoke(
          new Api.account.UpdatePasswordSettings({
            password: proof,
            newSettings: await passwordInputSettings(current, change),
          }),
        );
        return { emailCodeLength: null };
      } catch (error) {
        // EMAIL_UNCONFIRMED_X: the change waits for the code sent to the new recovery email.
        if (error instanceof errors.EmailUnconfirmedError)
          return { emailCodeLength: error.codeLength > 0 ? error.codeLength : null };
        throw error;
      }
    });
  }

  async confirmTwoStepEmail(code: string): Promise<void> {
    await this.#invoke(new Api.account.ConfirmPasswordEmail({ code }));
  }

  async resendTwoStepEmail(): Promise<void> {
    await this.#invoke(new Api.account.ResendPasswordEmail());
  }

  async cancelTwoStepEmail(): Promise<void> {
    await this.#invoke(new Api.account.CancelPasswordEmail());
  }

  async resetTwoStep(): Promise<TwoStepResetResult> {
    const result = await this.#invoke(new Api.account.ResetPassword());
    if (result instanceof Api.account.ResetPasswordRequestedWait)
      return { kind: 'waiting', until: result.untilDate * 1000 };
    if (result instanceof Api.account.ResetPasswordFailedWait)
      return { kind: 'refused', retryAt: result.retryDate * 1000 };
    return { kind: 'done' };
  }

  async declineTwoStepReset(): Promise<void> {
    await this.#invoke(new Api.account.DeclinePasswordReset());
  }

  // Account health (issue 15) -----------------------------------------------------------------

  async getStanding(): Promise<AccountStanding> {
    // A deactivated account is a finding here, not a failure that logs the account out.
    const me = await this.#call('users.GetUsers', async () => {
      try {
        return await this.#requestSelf();
      } catch (error) {
        if (isDeactivation(rpcErrorName(error))) return null;
        throw error;
      }
    });
    return me === null ? deactivatedStanding : mapStanding(me);
  }

  async getFreeze(): Promise<AccountFreeze | null> {
    const result = await this.#invoke(new Api.help.GetAppConfig({ hash: 0 }));
    return result instanceof Api.help.AppConfig ? mapFreeze(result.config) : null;
  }

  // Chats and messages (issue 16): chats.ts, with gaps filled by update-state.ts
  listDialogs(folder: ChatFolder, cursor: string | null, limit: number): Promise<ChatListPage> {
    return this.#chats.listDialogs(folder, cursor, limit);
  }

  getDialogs(chatIds: readonly string[]): Promise<ChatListItem[]> {
    return this.#chats.getDialogs(chatIds);
  }

  getHistory(chatId: string, beforeId: number | null, limit: number): Promise<ChatMessage[]> {
    return this.#chats.getHistory(chatId, beforeId, limit);
  }

  sendMessage(
    chatId: string,
    text: string,
    replyToId: number | null,
    randomId: string,
  ): Promise<ChatMessage> {
    return this.#chats.sendMessage(chatId, text, replyToId, randomId);
  }

  async readHistory(chatId: string, maxId: number): Promise<void> {
    try {
      await this.#chats.readHistory(chatId, maxId);
    } finally {
      // A read this client made: the count is read again, not guessed.
      this.#unread.forget();
    }
  }

  downloadPhoto(chatId: string, messageId: number): Promise<string | null> {
    return this.#chats.downloadPhoto(chatId, messageId);
  }
}

/** What one account's next connection starts from: its peers and update state (issue 16). */
interface AccountMemory {
  peers: PeerBook;
  updates: UpdateSnapshot | null;
}

/** Account memories by log label, the least recently used dropped beyond a bound. */
class AccountMemories {
  static readonly limit = 5_000;
  readonly #byLabel = new Map<string, AccountMemory>();

  of(label: string): AccountMemory {
    const memory = this.#byLabel.get(label) ?? { peers: new PeerBook(), updates: null };
    this.#byLabel.delete(label);
    this.#byLabel.set(label, memory);
    if (this.#byLabel.size > AccountMemories.limit) {
      const oldest = this.#byLabel.keys().next();
      if (!oldest.done) this.#byLabel.delete(oldest.value);
    }
    return memory;
  }
}

/** Gap timers that never keep the process alive. */
const unrefTimers: Timers = {
  schedule(task, ms) {
    const timer = setTimeout(task, ms);
    timer.unref();
    return () => {
      clearTimeout(timer);
    };
  },
};

/** Telegram sends small avatars as JPEG; sniff anyway so a PNG is labelled correctly. */
function imageMimeOf(data: Buffer): string {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47)
    return 'image/png';
  if (data[0] === 0x52 && data[1] === 0x49 && data[2] === 0x46 && data[3] === 0x46)
    return 'image/webp';
  return 'image/jpeg';
}
