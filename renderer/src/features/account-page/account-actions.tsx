import { type ReactNode, useState } from 'react';
import type { AccountSummary } from '../../../../electron/shared/dto';
import { useAppData } from '../../state/app-data';
import { useCall } from '../../lib/use-call';
import { ConfirmDialog } from '../../ui/confirm-dialog';

/**
 * Log out (ends the Telegram session) and remove from the app: both confirmed, and once done
 * `onDone` gets the sentence that says what happened (the page goes away with the account).
 */
export function AccountActions(props: {
  account: AccountSummary;
  onDone: (message: string) => void;
}): ReactNode {
  const { setAccounts } = useAppData();
  const [pending, setPending] = useState<'log-out' | 'remove' | null>(null);
  const action = useCall();
  const { account } = props;
  const isSignedIn = account.status.kind !== 'logged-out';

  const confirm = async (): Promise<void> => {
    const isLogOut = pending === 'log-out';
    const result = isLogOut
      ? await action.run('accounts:log-out', { accountId: account.id })
      : await action.run('accounts:remove', { accountId: account.id, confirm: true });
    setPending(null);
    if (result === undefined) return;
    setAccounts(result);
    props.onDone(
      isLogOut
        ? `Logged out of ${account.displayName}.`
        : `${account.displayName} removed from Gramdeck.`,
    );
  };

  return (
    <section className="panel panel-danger" aria-labelledby="account-actions-heading">
      <h2 id="account-actions-heading">Sign out</h2>
      <div className="danger-row">
        {isSignedIn ? (
          <div>
            <p>
              <strong>Log out</strong> ends this session on Telegram and removes the account from
              Gramdeck. Your Telegram account itself stays as it is.
            </p>
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => {
                setPending('log-out');
              }}
            >
              Log out
            </button>
          </div>
        ) : null}
        <div>
          <p>
            <strong>Remove from Gramdeck</strong> deletes what Gramdeck saved for this account only.
            The session stays active on Telegram until you end it from another device.
          </p>
          <button
            type="button"
            className="button button-danger-quiet"
            onClick={() => {
              setPending('remove');
            }}
          >
            Remove from Gramdeck
          </button>
        </div>
      </div>
      <ConfirmDialog
        isOpen={pending !== null}
        title={
          pending === 'log-out'
            ? `Log out of ${account.displayName}?`
            : `Remove ${account.displayName} from Gramdeck?`
        }
        confirmLabel={pending === 'log-out' ? 'Log out' : 'Remove account'}
        isDestructive
        isBusy={action.isBusy}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={() => void confirm()}
      >
        <p>
          {pending === 'log-out'
            ? 'Gramdeck ends its session on Telegram and forgets the account. To use it here again you will need a new login code. Your Telegram account itself is not deleted.'
            : 'Gramdeck deletes its saved session for this account. The session stays in the account’s device list on Telegram until you end it from another device.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
