/**
 * A scriptable fake of the TelegramGateway port for unit tests of the login flow and the
 * account manager. Each method of a connection can be replaced per test; every call is recorded.
 */
import type {
  SendCodeResult,
  TelegramClientOptions,
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
  TelegramUser,
} from '../../electron/core/ports';
import type { AppFailure } from '../../electron/shared/errors';

export const fakeUser = (id = '100', firstName = 'Test'): TelegramUser => ({
  id,
  firstName,
  lastName: null,
  username: null,
  phone: '447700900123',
  isPremium: false,
});

export interface FakeConnection extends TelegramConnection {
  readonly options: TelegramClientOptions;
  calls: string[];
  isDestroyed: boolean;
  emit(event: TelegramEvent): void;
}

export function createFakeConnection(
  options: TelegramClientOptions,
  overrides: Partial<TelegramConnection> = {},
): FakeConnection {
  const listeners = new Set<(event: TelegramEvent) => void>();
  const calls: string[] = [];
  const sent: SendCodeResult = {
    kind: 'code',
    phoneCodeHash: 'secret-hash-1',
    sentCode: {
      type: 'app',
      nextType: 'sms',
      length: 5,
      prefix: null,
      pattern: null,
      beginning: null,
      url: null,
      timeout: 30,
      emailPattern: null,
    },
  };
  const base: TelegramConnection = {
    exportSession: () => 'fake-session-string',
    dcId: () => 2,
    topUpServerSalts: () => Promise.resolve(null),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy: () => Promise.resolve(),
    sendCode: () => Promise.resolve(sent),
    resendCode: () => Promise.resolve(sent),
    cancelCode: () => Promise.resolve(),
    signIn: () => Promise.resolve({ kind: 'authorized', user: fakeUser() }),
    sendLoginEmailCode: () => Promise.resolve({ emailPattern: 'n***@example.com', length: 6 }),
    verifyLoginEmail: () => Promise.resolve(sent),
    signUp: () => Promise.resolve({ kind: 'authorized', user: fakeUser() }),
    getPasswordInfo: () =>
      Promise.resolve({
        hasPassword: true,
        hasRecovery: true,
        hint: 'hint',
        emailUnconfirmedPattern: null,
      }),
    checkPassword: () => Promise.resolve({ kind: 'authorized', user: fakeUser() }),
    requestPasswordRecovery: () => Promise.resolve({ emailPattern: 'b***@example.com' }),
    checkRecoveryCode: () => Promise.resolve(true),
    recoverPassword: () => Promise.resolve({ kind: 'authorized', user: fakeUser() }),
    resetAccount: () => Promise.resolve(),
    exportLoginToken: () =>
      Promise.resolve({
        kind: 'token',
        url: 'tg://login?token=abc',
        expiresAt: Date.now() + 30_000,
      }),
    getMe: () => Promise.resolve(fakeUser()),
    downloadAvatar: () => Promise.resolve(null),
    getBio: () => Promise.resolve(null),
    getUnreadCount: () => Promise.resolve(0),
    listChats: () => Promise.resolve([]),
    listSessions: () => Promise.resolve([]),
    endSession: () => Promise.resolve(),
    endOtherSessions: () => Promise.resolve(),
    listServiceMessages: () => Promise.resolve([]),
    logOut: () => Promise.resolve({ futureAuthToken: null }),
    // Two-step verification of an added account (issue 15)
    getTwoStepInfo: () =>
      Promise.resolve({
        hasPassword: false,
        hasRecovery: false,
        hint: null,
        emailUnconfirmedPattern: null,
        pendingResetAt: null,
      }),
    updateTwoStep: () => Promise.resolve({ emailCodeLength: null }),
    confirmTwoStepEmail: () => Promise.resolve(),
    resendTwoStepEmail: () => Promise.resolve(),
    cancelTwoStepEmail: () => Promise.resolve(),
    resetTwoStep: () => Promise.resolve({ kind: 'done' }),
    declineTwoStepReset: () => Promise.resolve(),
    getStanding: () =>
      Promise.resolve({
        isDeactivated: false,
        isPremium: false,
        isRestricted: false,
        restrictions: [],
      }),
    getFreeze: () => Promise.resolve(null),
    // Chats and messages (issue 16): an account with no chats
    listDialogs: () => Promise.resolve({ chats: [], cursor: null, total: 0 }),
    getDialogs: () => Promise.resolve([]),
    getHistory: () => Promise.resolve([]),
    sendMessage: () => Promise.reject(new Error('fake: no chats')),
    readHistory: () => Promise.resolve(),
    downloadPhoto: () => Promise.resolve(null),
  };
  const merged = { ...base, ...overrides };
  const connection = {} as FakeConnection;
  for (const [key, value] of Object.entries(merged)) {
    (connection as unknown as Record<string, unknown>)[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            if (key !== 'onEvent' && key !== 'exportSession' && key !== 'dcId') calls.push(key);
            if (key === 'destroy') connection.isDestroyed = true;
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  Object.assign(connection, {
    options,
    calls,
    isDestroyed: false,
    emit(event: TelegramEvent) {
      for (const l of [...listeners]) l(event);
    },
  });
  return connection;
}

export interface FakeGateway extends TelegramGateway {
  connections: FakeConnection[];
  /** Overrides applied to the next connections (until changed). */
  overrides: Partial<TelegramConnection>;
  /** When set, openClient fails with this. */
  openError: AppFailure | null;
  openCount: number;
}

export function createFakeGateway(): FakeGateway {
  const gateway: FakeGateway = {
    connections: [],
    overrides: {},
    openError: null,
    openCount: 0,
    openClient(options) {
      gateway.openCount++;
      if (gateway.openError) return Promise.reject(gateway.openError);
      const connection = createFakeConnection(options, gateway.overrides);
      gateway.connections.push(connection);
      return Promise.resolve(connection);
    },
  };
  return gateway;
}
