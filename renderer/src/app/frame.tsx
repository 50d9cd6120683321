import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { AccountGoneNotice } from '../features/account-page/account-gone-notice';
import { AccountPage } from '../features/account-page/account-page';
import { AccountSidebar } from '../features/accounts/account-sidebar';
import { shortcutIndex } from '../features/accounts/reorder';
import { HealthProvider } from '../state/health';
import { UpdateNotice } from '../features/updates/update-notice';
import { invoke, reportError } from '../lib/call';
import { useEvent } from '../lib/use-event';
import { useAppData } from '../state/app-data';
import { activeAccountOf, loadingAllText } from '../state/first-accounts';
import { Spinner } from '../ui/spinner';
import { LoginAttemptsProvider, useLoginAttempts } from '../state/login-attempts';
import { PendingLogins } from './pending-logins';
import { home, newLogin, type Route, shownRoute } from './route';
import { Topbar } from './topbar';
import { Welcome } from './welcome';
// The unified inbox and notifications (issue 16)
import { InboxEntry } from '../features/inbox/inbox-entry';
import { InboxProvider } from '../features/inbox/inbox-store';
import { useInboxShortcut } from '../features/inbox/use-inbox-shortcut';
import { useBrowserAlerts } from '../features/notifications/use-browser-alerts';
import { AccountNotifications } from '../features/notifications/account-notifications';
import { TagChip } from '../features/accounts/tag-chips';
import { useTags } from '../features/accounts/use-tags';
// What the first screen does not load (issue 17)
import { preloadWhenIdle } from '../ui/lazy-part';
import {
  chatListPart,
  conversationPart,
  exportPart,
  healthPart,
  importPart,
  inboxPart,
  likelyNext,
  loginPart,
  settingsPart,
  twoStepPart,
  weakStoragePart,
} from './parts';

const ChatList = chatListPart.Component;
const ConversationView = conversationPart.Component;
const ExportDialog = exportPart.Component;
const HealthTable = healthPart.Component;
const ImportPage = importPart.Component;
const InboxPage = inboxPart.Component;
const LoginWizard = loginPart.Component;
const SettingsPage = settingsPart.Component;
const TwoStepPage = twoStepPart.Component;
const WeakStoragePrompt = weakStoragePart.Component;

/** How long a page whose chunk is still loading may take to show its heading and get focus. */
const HEADING_WAIT_MS = 10_000;

/**
 * Focuses the main pane's heading, or, while the page's chunk is still loading (issue 17), the
 * heading as soon as it is shown.
 */
function focusHeadingWhenShown(main: HTMLElement): void {
  const heading = main.querySelector<HTMLElement>('h1');
  if (heading !== null) {
    heading.focus();
    return;
  }
  const observer = new MutationObserver(() => {
    const shown = main.querySelector<HTMLElement>('h1');
    if (shown === null) return;
    observer.disconnect();
    shown.focus();
  });
  observer.observe(main, { childList: true, subtree: true });
  setTimeout(() => {
    observer.disconnect();
  }, HEADING_WAIT_MS);
}

/** The signed-in app: top bar, the account sidebar and the main pane. */
export function Frame(): ReactNode {
  return (
    <LoginAttemptsProvider>
      <HealthProvider>
        <InboxProvider>
          <FrameContent />
        </InboxProvider>
      </HealthProvider>
    </LoginAttemptsProvider>
  );
}

/** The routes that need the whole account list, not its first rows. */
const pagesOfEveryAccount: ReadonlySet<Route['name']> = new Set([
  'health',
  'inbox',
  'settings',
  'import-sessions',
  'two-step',
]);

function FrameContent(): ReactNode {
  const data = useAppData();
  const logins = useLoginAttempts();
  const { accounts, partialAccounts, setAccounts } = data;
  // Null until the user goes somewhere: the app opens on the highlighted account (see shownRoute).
  const [chosenRoute, setRoute] = useState<Route | null>(null);
  const route = shownRoute(chosenRoute, accounts.accounts.length);
  const mainRef = useRef<HTMLElement>(null);
  // What just happened to an account that is gone (logged out, removed); cleared on moving on.
  // An object, so the same sentence twice is a new notice.
  const [gone, setGone] = useState<{ message: string } | null>(null);
  // The accounts whose sessions the export dialog is open for (issue 15), or null.
  const [exportIds, setExportIds] = useState<string[] | null>(null);

  const focusHeading = (): void => {
    // Move focus to the new content so keyboard and screen-reader users land where it changed.
    requestAnimationFrame(() => {
      if (mainRef.current !== null) focusHeadingWhenShown(mainRef.current);
    });
  };
  const navigate = (next: Route): void => {
    setRoute(next);
    setGone(null);
    focusHeading();
  };

  // The page the user lands on once an account is gone: focus its heading after it renders
  // (the account's page, whose heading focusHeading may find first, goes in the same commit).
  useEffect(() => {
    if (gone !== null) mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [gone]);

  // The landing moved by itself (the restored accounts arrived): focus follows it too.
  const landingName = chosenRoute === null ? route.name : null;
  const previousLanding = useRef(landingName);
  useEffect(() => {
    if (landingName !== null && previousLanding.current !== landingName) focusHeading();
    previousLanding.current = landingName;
  });

  const switchTo = async (accountId: string): Promise<void> => {
    const result = await invoke('accounts:switch', { accountId });
    if (result.ok) setAccounts(result.value);
    else reportError(result.error);
    navigate(home);
  };

  const latestSwitch = useRef(switchTo);
  useEffect(() => {
    latestSwitch.current = switchTo;
  });
  const orderedIds = useMemo(
    () => accounts.accounts.map((a) => a.id).join(','),
    [accounts.accounts],
  );
  useEffect(() => {
    const ids = orderedIds === '' ? [] : orderedIds.split(',');
    const onKey = (event: KeyboardEvent): void => {
      const index = shortcutIndex(event);
      if (index === null) return;
      const id = ids[index];
      if (id === undefined) return;
      event.preventDefault();
      void latestSwitch.current(id);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [orderedIds]);

  // The unified inbox and notifications (issue 16)
  const [inboxTags] = useTags();
  useEffect(() => preloadWhenIdle(likelyNext), []);
  useInboxShortcut(() => {
    navigate({ name: 'inbox' });
  });
  const openChat = (accountId: string, chatId: string): void => {
    navigate({ name: 'inbox', open: { accountId, chatId } });
  };
  // A notification's click: the page's own (web host), or the shell's (desktop, `focus:changed`).
  useBrowserAlerts(openChat);
  useEvent('focus:changed', ({ accountId, chatId }) => {
    openChat(accountId, chatId);
  });

  const active = useMemo(
    () => activeAccountOf({ accounts, partial: partialAccounts }),
    [accounts, partialAccounts],
  );
  // Counted over the whole list only: the first rows would undercount (issue 17).
  const attentionCount = useMemo(
    () => (partialAccounts === null ? accounts.accounts.filter((a) => a.needsAttention).length : 0),
    [accounts.accounts, partialAccounts],
  );

  let pane: ReactNode;
  switch (route.name) {
    case 'add-account':
      pane = (
        <LoginWizard
          key={`${route.mode}:${route.phone ?? ''}:${route.attemptId ?? ''}`}
          initialPhone={route.phone}
          initialMode={route.mode}
          initialAttemptId={route.attemptId}
          onDone={(accountId) => {
            void switchTo(accountId);
          }}
          onClose={
            accounts.accounts.length === 0
              ? null
              : () => {
                  navigate(home);
                }
          }
          onSecureStorage={() => {
            navigate({ name: 'secure-storage' });
          }}
        />
      );
      break;
    case 'settings':
      pane = <SettingsPage key={route.proxyAccountId} proxyAccountId={route.proxyAccountId} />;
      break;
    case 'secure-storage':
      pane = (
        <WeakStoragePrompt
          onDone={() => {
            navigate(home);
          }}
        />
      );
      break;
    case 'health':
      pane = <HealthTable />;
      break;
    // Session import (issue 15)
    case 'import-sessions':
      pane = (
        <ImportPage
          onClose={
            accounts.accounts.length === 0
              ? null
              : () => {
                  navigate(home);
                }
          }
          onSecureStorage={() => {
            navigate({ name: 'secure-storage' });
          }}
        />
      );
      break;
    case 'home':
      pane =
        active === null ? (
          <Welcome
            onAddAccount={() => {
              navigate(newLogin);
            }}
          />
        ) : (
          <AccountPage
            key={active.id}
            account={active}
            onSignInAgain={(phone) => {
              navigate({ ...newLogin, phone });
            }}
            onProxySettings={() => {
              navigate({ name: 'settings', proxyAccountId: active.id });
            }}
            onGone={(message) => {
              navigate(home);
              setGone({ message });
            }}
            onExport={() => {
              setExportIds([active.id]);
            }}
            onTwoStep={() => {
              navigate({ name: 'two-step', accountId: active.id });
            }}
            chatList={
              <ChatList
                accountId={active.id}
                onOpen={(chatId) => {
                  navigate({ name: 'chat', accountId: active.id, chatId });
                }}
              />
            }
            notifications={<AccountNotifications accountId={active.id} />}
          />
        );
      break;
    // Two-step verification of an added account (issue 15)
    case 'two-step': {
      const account = accounts.accounts.find((a) => a.id === route.accountId);
      pane =
        account === undefined ? null : (
          <TwoStepPage
            key={account.id}
            account={account}
            onBack={() => {
              navigate(home);
            }}
          />
        );
      break;
    }
    // A conversation (issue 16)
    case 'chat':
      pane = (
        <ConversationView
          accountId={route.accountId}
          chatId={route.chatId}
          onBack={() => {
            navigate(home);
          }}
        />
      );
      break;
    // The unified inbox (issue 16)
    case 'inbox':
      pane = (
        <InboxPage
          key={route.open === undefined ? '' : `${route.open.accountId}:${route.open.chatId}`}
          initialOpen={route.open}
          conversation={(open) => <ConversationView {...open} />}
          tags={inboxTags}
          tagChip={(tag) => <TagChip tag={tag} />}
        />
      );
      break;
  }

  // Pages that show or act on every account wait for the whole list (issue 17).
  if (partialAccounts !== null && pagesOfEveryAccount.has(route.name)) {
    pane = (
      <div className="splash">
        <Spinner label={loadingAllText} />
      </div>
    );
  }

  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Topbar
        isSettingsActive={route.name === 'settings'}
        onSettings={() => {
          navigate({ name: 'settings' });
        }}
        onSecureStorage={() => {
          navigate({ name: 'secure-storage' });
        }}
      />
      <UpdateNotice
        onOpenSettings={() => {
          navigate({ name: 'settings' });
        }}
      />
      <div className="side-column">
        <PendingLogins
          pending={logins.pending}
          lastEnded={logins.lastEnded}
          currentAttemptId={route.name === 'add-account' ? route.attemptId : null}
          onResume={(view) => {
            navigate({
              name: 'add-account',
              phone: view.phone,
              mode: view.phone === null ? 'qr' : 'phone',
              attemptId: view.attemptId,
            });
          }}
          onCancel={(view) => {
            void invoke('auth:cancel', { attemptId: view.attemptId }).then((result) => {
              if (result.ok) logins.accept(result.value);
            });
          }}
        />
        {accounts.accounts.length > 0 ? (
          <button
            type="button"
            className="button button-small side-health"
            aria-current={route.name === 'health' ? 'page' : undefined}
            onClick={() => {
              navigate({ name: 'health' });
            }}
          >
            Health
            {attentionCount > 0 ? (
              <span className="visually-hidden">, {attentionCount} need attention</span>
            ) : null}
          </button>
        ) : null}
        {accounts.accounts.length > 0 ? (
          <InboxEntry
            isActive={route.name === 'inbox'}
            onOpen={() => {
              navigate({ name: 'inbox' });
            }}
          />
        ) : null}
        <AccountSidebar
          state={accounts}
          partial={partialAccounts}
          currentAccountId={
            route.name === 'home'
              ? (active?.id ?? null)
              : route.name === 'chat'
                ? route.accountId
                : null
          }
          isAddAccountActive={route.name === 'add-account' && route.attemptId === null}
          onSelect={(id) => {
            void switchTo(id);
          }}
          onAddAccount={() => {
            navigate(newLogin);
          }}
          isImportActive={route.name === 'import-sessions'}
          onImportSessions={() => {
            navigate({ name: 'import-sessions' });
          }}
          onAccountsChange={setAccounts}
          onExport={setExportIds}
        />
      </div>
      <main id="main" ref={mainRef} className="main" tabIndex={-1}>
        <AccountGoneNotice message={gone?.message ?? null} />
        {pane}
      </main>
      {exportIds === null ? null : (
        <ExportDialog
          accountIds={exportIds}
          onClose={() => {
            setExportIds(null);
          }}
        />
      )}
    </div>
  );
}
