import { type ReactNode, useState } from 'react';
import type { SessionInfo } from '../../../../electron/shared/dto';
import { useCall } from '../../lib/use-call';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { BusyLabel } from '../../ui/spinner';
import { formatWhen } from '../../lib/format-when';
import { Panel } from './panel';
import { appOf, sessionLabels } from './session-labels';
import { useLiveSessions } from './use-live-sessions';

type Pending = { kind: 'one'; session: SessionInfo } | { kind: 'others' } | null;

/**
 * The account's active sessions, kept current (see useLiveSessions) and refreshed on request;
 * end one, or all but this one, after confirmation.
 */
export function SessionsPanel(props: { accountId: string }): ReactNode {
  const live = useLiveSessions(props.accountId);
  const { sessions, readAt: now } = live;
  const [pending, setPending] = useState<Pending>(null);
  const end = useCall();
  const list = sessions.data ?? [];
  const others = list.filter((s) => !s.isCurrent);
  const labels = sessionLabels(list, now);

  const confirm = async (): Promise<void> => {
    if (pending === null) return;
    const result =
      pending.kind === 'one'
        ? await end.run('accounts:end-session', {
            accountId: props.accountId,
            sessionId: pending.session.id,
          })
        : await end.run('accounts:end-other-sessions', { accountId: props.accountId });
    if (result !== undefined) sessions.setData(result);
    setPending(null);
  };

  return (
    <Panel
      id="sessions"
      title="Active sessions"
      isLoading={sessions.isLoading}
      error={sessions.error}
      onRetry={sessions.reload}
      actions={
        <div className="panel-actions">
          <span role="status" className="muted">
            {live.announcement}
          </span>
          <button
            type="button"
            className="button button-small"
            aria-disabled={live.isRefreshing}
            onClick={() => {
              // aria-disabled, not disabled: the button keeps the keyboard focus while it works.
              if (!live.isRefreshing) live.refresh();
            }}
          >
            <BusyLabel isBusy={live.isRefreshing}>
              Refresh<span className="visually-hidden"> sessions</span>
            </BusyLabel>
          </button>
          {others.length > 0 ? (
            <button
              type="button"
              className="button button-small button-danger-quiet"
              onClick={() => {
                setPending({ kind: 'others' });
              }}
            >
              End all other sessions
            </button>
          ) : null}
        </div>
      }
    >
      <ul className="session-list">
        {list.map((session) => (
          <li key={session.id} className="session">
            <div>
              <p className="session-title">
                {session.deviceModel || 'Unknown device'}
                {session.isCurrent ? <span className="tag">This app</span> : null}
              </p>
              <p className="muted">
                {appOf(session)} · {session.platform} {session.systemVersion}
              </p>
              <p className="muted">
                {[session.ip, session.country].filter((x) => x !== '').join(' · ')}
                {session.isCurrent ? '' : ` · last active ${formatWhen(session.activeAt, now)}`}
              </p>
            </div>
            {session.isCurrent ? null : (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  setPending({ kind: 'one', session });
                }}
              >
                End session<span className="visually-hidden"> on {labels.get(session.id)}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        isOpen={pending !== null}
        title={pending?.kind === 'one' ? 'End this session?' : 'End all other sessions?'}
        confirmLabel={pending?.kind === 'one' ? 'End session' : 'End other sessions'}
        isDestructive
        isBusy={end.isBusy}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={() => void confirm()}
      >
        <p>
          {pending?.kind === 'one'
            ? `${pending.session.deviceModel} (${appOf(pending.session)}) will be signed out of this Telegram account.`
            : `Every other device (${others.length}) will be signed out of this Telegram account. Gramdeck stays signed in.`}
        </p>
      </ConfirmDialog>
    </Panel>
  );
}
