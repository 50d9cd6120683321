import { type ReactNode, useEffect, useRef } from 'react';
import type { AccountSummary } from '../../../../electron/shared/dto';
import { useCall } from '../../lib/use-call';
import { useResource } from '../../lib/use-resource';
import { BusyLabel } from '../../ui/spinner';
import { Avatar } from '../../ui/avatar';
import { describeStatus, unknownStatus } from '../../lib/account-status';
import { useIsConnected } from '../../state/connection';
import { AccountActions } from './account-actions';
import { ChatsPanel } from './chats-panel';
import { HealthPanel } from './health-panel';
import { LoginCodesPanel } from './login-codes-panel';
import { Panel } from './panel';
import { SessionsPanel } from './sessions-panel';
import './account-page.css';

/** A phone number usable to restart login, or null when it is masked. */
function usablePhone(phone: string): string | null {
  return /^\+?[\d\s()-]{5,}$/.test(phone) ? phone : null;
}

/** One account: profile and status, chats, login codes, sessions, security, sign out. */
export function AccountPage(props: {
  account: AccountSummary;
  onSignInAgain: (phone: string | null) => void;
  /** Opens this account's proxy settings (offered when its proxy is why it is offline). */
  onProxySettings: () => void;
  /** The account was logged out or removed; `message` says which, for the page the user lands on. */
  onGone: (message: string) => void;
  /** Opens the session export dialog for this account (issue 15). */
  onExport: () => void;
  /** Opens the account's two-step verification screen (issue 15). */
  onTwoStep?: () => void;
  /** The account's chat list (issue 16), from features/chats. */
  chatList: ReactNode;
  /** The account's notification toggle (issue 16), from the frame. */
  notifications?: ReactNode;
}): ReactNode {
  const { account } = props;
  const details = useResource('accounts:get-details', { accountId: account.id });
  const reconnect = useCall();
  const isConnected = useIsConnected();
  const status = isConnected ? describeStatus(account.status) : unknownStatus;
  const isUsable = account.status.kind === 'online' || account.status.kind === 'connecting';
  const { reload } = details;
  const statusKind = account.status.kind;
  const previousKind = useRef(statusKind);
  useEffect(() => {
    // Details fail while the account is offline; fetch them again once it connects.
    if (previousKind.current !== 'online' && statusKind === 'online') reload();
    previousKind.current = statusKind;
  }, [statusKind, reload]);

  const security = details.data?.security ?? null;
  return (
    <div className="page account-page">
      <header className="account-header">
        <Avatar account={account} size="large" />
        <div className="account-header-text">
          <h1 tabIndex={-1} title={account.displayName}>
            {account.displayName}
          </h1>
          <p className="muted">
            {[account.username === null ? null : `@${account.username}`, account.phone]
              .filter((x) => x !== null)
              .join(' · ')}
            {account.isPremium ? <span className="tag">Premium</span> : null}
            {account.isSandbox ? <span className="tag tag-sandbox">Sandbox</span> : null}
          </p>
          <p className="account-status">
            <span className={`status-dot status-${status.tone}`} aria-hidden="true" />
            {status.label}
            {isConnected &&
            (account.status.kind === 'error' || account.status.kind === 'logged-out')
              ? `: ${account.status.reason}`
              : ''}
            {isConnected && account.status.kind === 'offline' && account.status.proxyError
              ? `: ${account.status.proxyError.message}`
              : ''}
          </p>
          {details.data?.bio ? <p className="bio">{details.data.bio}</p> : null}
        </div>
        <div className="account-header-actions">
          {account.status.kind === 'logged-out' ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                props.onSignInAgain(usablePhone(account.phone));
              }}
            >
              Sign in again
            </button>
          ) : null}
          {account.status.kind === 'offline' && account.status.proxyError ? (
            <button type="button" className="button" onClick={props.onProxySettings}>
              Proxy settings
            </button>
          ) : null}
          {account.status.kind === 'error' || account.status.kind === 'offline' ? (
            <button
              type="button"
              className="button button-primary"
              disabled={reconnect.isBusy}
              onClick={() => {
                void reconnect.run('accounts:reconnect', { accountId: account.id });
              }}
            >
              <BusyLabel isBusy={reconnect.isBusy}>Reconnect</BusyLabel>
            </button>
          ) : null}
          {account.status.kind === 'logged-out' ? null : (
            <button type="button" className="button" onClick={props.onExport}>
              Export session…
            </button>
          )}
        </div>
      </header>

      {isUsable ? (
        <div className="panels">
          <ChatsPanel>{props.chatList}</ChatsPanel>
          <LoginCodesPanel accountId={account.id} />
          <SessionsPanel accountId={account.id} />
          <Panel
            id="security"
            title="Security"
            isLoading={details.isLoading}
            error={details.error}
            onRetry={details.reload}
          >
            {security === null ? null : (
              <dl className="facts">
                <dt>Two-step verification</dt>
                <dd>
                  {security.hasPassword ? 'On' : 'Off'}
                  {security.hasPassword && security.passwordHint
                    ? ` (hint: ${security.passwordHint})`
                    : ''}
                </dd>
                <dt>Recovery email</dt>
                <dd>{security.hasRecoveryEmail ? 'Set' : 'Not set'}</dd>
              </dl>
            )}
            {security !== null && !security.hasPassword ? (
              <p className="muted">
                Anyone with a login code can sign in to this account. Turn on two-step verification
                to require a password too.
              </p>
            ) : null}
            {props.onTwoStep === undefined ? null : (
              <button type="button" className="button" onClick={props.onTwoStep}>
                Manage two-step verification
              </button>
            )}
          </Panel>
        </div>
      ) : (
        <p className="notice">
          {account.status.kind === 'logged-out'
            ? 'This account is signed out. Sign in again to see its chats and sessions.'
            : 'Chats, login codes and sessions appear when the account is connected.'}
        </p>
      )}
      <HealthPanel accountId={account.id} />
      {props.notifications}
      <AccountActions account={account} onDone={props.onGone} />
    </div>
  );
}
