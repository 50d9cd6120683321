import type { ReactNode } from 'react';
import { healthWords } from '../../lib/health-words';
import { useCall } from '../../lib/use-call';
import { useHealth } from '../../state/health';
import { BusyLabel } from '../../ui/spinner';

/** The account's health (issue 15), each finding in words, with "Check now". */
export function HealthPanel(props: { accountId: string }): ReactNode {
  const health = useHealth().byId.get(props.accountId) ?? null;
  const check = useCall();
  const isChecking = check.isBusy || health?.isChecking === true;
  const appealUrl = health?.last?.freeze?.appealUrl ?? null;
  return (
    <section className="panel" aria-labelledby="health-heading" aria-busy={isChecking}>
      <div className="panel-head">
        <h2 id="health-heading">Health</h2>
        <button
          type="button"
          className="button button-small"
          disabled={isChecking}
          onClick={() => {
            void check.run('health:check', { accountId: props.accountId });
          }}
        >
          <BusyLabel isBusy={isChecking}>Check now</BusyLabel>
        </button>
      </div>
      {health === null ? (
        <p className="muted">Not checked yet.</p>
      ) : (
        <>
          {health.needsAttention ? (
            <div className="notice health-attention">
              <p>Needs attention:</p>
              <ul>
                {health.attentionReasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <dl className="facts">
            <dt>Connection</dt>
            <dd>{healthWords.connection(health)}</dd>
            <dt>Key</dt>
            <dd>{healthWords.key(health)}</dd>
            <dt>Restricted</dt>
            <dd>{healthWords.restricted(health)}</dd>
            <dt>Frozen</dt>
            <dd>
              {healthWords.frozen(health)}
              {appealUrl === null ? null : (
                <>
                  {' '}
                  <a href={appealUrl} target="_blank" rel="noreferrer noopener">
                    Appeal
                  </a>
                </>
              )}
            </dd>
            <dt>Deactivated</dt>
            <dd>{healthWords.deactivated(health)}</dd>
            <dt>Premium</dt>
            <dd>{healthWords.premium(health)}</dd>
            <dt>Two-step verification</dt>
            <dd>{healthWords.twoStep(health)}</dd>
            <dt>Recovery email</dt>
            <dd>{healthWords.recoveryEmail(health)}</dd>
            <dt>Other active sessions</dt>
            <dd>{healthWords.otherSessions(health)}</dd>
            <dt>Last checked</dt>
            <dd>{healthWords.lastChecked(health)}</dd>
          </dl>
          {health.checkError !== null && !health.isChecking ? (
            <p className="muted" role="status">
              The last check failed: {health.checkError.message}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
