/**
 * What the first screen does not load (issue 17): each part is a chunk of its own, fetched when
 * it is first shown. The first screen's JavaScript is the lock screen, the sidebar and the
 * account page; `likelyNext` is what the frame preloads when the page is idle after it.
 */
import { lazyPart } from '../ui/lazy-part';

const loadChats = () => import('./chats');

export const conversationPart = lazyPart('Loading the conversation', () =>
  loadChats().then((m) => m.ConversationView),
);
export const chatListPart = lazyPart('Loading chats', async () => {
  const { ChatList } = await loadChats();
  // Same chunk: the conversation a click on a chat opens renders at once.
  void conversationPart.preload();
  return ChatList;
});
export const loginPart = lazyPart('Loading the sign-in form', () =>
  import('../features/login/login-wizard').then((m) => m.LoginWizard),
);
export const settingsPart = lazyPart('Loading Settings', () =>
  import('./settings-page').then((m) => m.SettingsPage),
);
export const inboxPart = lazyPart('Loading the inbox', () =>
  import('../features/inbox/inbox-page').then((m) => m.InboxPage),
);
export const healthPart = lazyPart('Loading account health', () =>
  import('../features/health/health-table').then((m) => m.HealthTable),
);
export const importPart = lazyPart('Loading session import', () =>
  import('../features/import/import-page').then((m) => m.ImportPage),
);
export const exportPart = lazyPart('Loading session export', () =>
  import('../features/export/export-dialog').then((m) => m.ExportDialog),
);
export const twoStepPart = lazyPart('Loading two-step verification', () =>
  import('./two-step-page').then((m) => m.TwoStepPage),
);
export const weakStoragePart = lazyPart('Loading', () =>
  import('../features/passcode/weak-storage-prompt').then((m) => m.WeakStoragePrompt),
);
export const firstRunPart = lazyPart('Loading the setup', () =>
  import('../features/first-run/first-run').then((m) => m.FirstRun),
);
export const forgotPasscodePart = lazyPart('Loading the passcode reset', () =>
  import('../features/passcode/forgot-passcode').then((m) => m.ForgotPasscode),
);
export const recoveryCodePart = lazyPart('Loading your recovery code', () =>
  import('../features/passcode/recovery-code-screen').then((m) => m.RecoveryCodeScreen),
);

/**
 * Preloaded in this order when the signed-in frame is idle: the chats (the account page's list
 * and the conversation), then the pages one click away from the sidebar and the top bar.
 */
export const likelyNext = [chatListPart, inboxPart, settingsPart, loginPart] as const;
