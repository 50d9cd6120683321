import { type ReactNode, type SyntheticEvent, useState } from 'react';
import type { AccountsState, AccountSummary } from '../../../../electron/shared/dto';
import { useAppData } from '../../state/app-data';
import { useCall } from '../../lib/use-call';
import { Field } from '../../ui/field';
import { PasswordInput } from '../../ui/password-input';
import { BusyLabel } from '../../ui/spinner';
import { checkProxy, emptyProxyDraft, type ProxyDraft } from './proxy';

function draftFrom(account: AccountSummary | undefined): ProxyDraft {
  const proxy = account?.proxy ?? null;
  if (proxy === null) return emptyProxyDraft;
  return {
    ...emptyProxyDraft,
    type: proxy.type,
    host: proxy.host,
    port: String(proxy.port),
    username: proxy.username ?? '',
  };
}

/** A SOCKS5 proxy or MTProxy per account. */
export function ProxySection(): ReactNode {
  const { accounts, setAccounts } = useAppData();
  const [accountId, setAccountId] = useState(
    accounts.activeAccountId ?? accounts.accounts[0]?.id ?? '',
  );
  const account = accounts.accounts.find((a) => a.id === accountId);
  if (accounts.accounts.length === 0) {
    return (
      <section className="panel" aria-labelledby="proxy-heading">
        <h2 id="proxy-heading">Proxy</h2>
        <p className="muted">Add an account to give it a proxy.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="proxy-heading">
      <h2 id="proxy-heading">Proxy</h2>
      <p className="muted">Each account can connect through its own proxy.</p>
      <div className="field">
        <label className="field-label" htmlFor="proxy-account">
          Account
        </label>
        <select
          id="proxy-account"
          className="input"
          value={accountId}
          onChange={(event) => {
            setAccountId(event.target.value);
          }}
        >
          {accounts.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.displayName}
              {a.proxy === null ? '' : ` (${a.proxy.type === 'socks5' ? 'SOCKS5' : 'MTProxy'})`}
            </option>
          ))}
        </select>
      </div>
      {account === undefined ? null : (
        <ProxyForm
          key={account.id}
          account={account}
          onSaved={(state) => {
            setAccounts(state);
          }}
        />
      )}
    </section>
  );
}

function ProxyForm(props: {
  account: AccountSummary;
  onSaved: (state: AccountsState) => void;
}): ReactNode {
  const [draft, setDraft] = useState<ProxyDraft>(() => draftFrom(props.account));
  const [local, setLocal] = useState<{ field: string; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useCall({ report: false });
  const hadCredentials = props.account.proxy?.hasCredentials ?? false;

  const update = (patch: Partial<ProxyDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setLocal(null);
    setSaved(false);
  };
  const onSubmit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const check = checkProxy(draft);
    if (!check.ok) {
      setLocal(check);
      return;
    }
    const state = await save.run('accounts:set-proxy', {
      accountId: props.account.id,
      proxy: check.proxy,
    });
    if (state === undefined) return;
    props.onSaved(state);
    setSaved(true);
  };
  const messageFor = (field: keyof ProxyDraft): string | null => {
    if (local?.field === field) return local.message;
    if (save.error !== null && (save.error.field ?? 'host') === field) return save.error.message;
    return null;
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <fieldset className="fieldset">
        <legend>Connection</legend>
        {(['none', 'socks5', 'mtproxy'] as const).map((type) => (
          <label key={type} className="radio">
            <input
              type="radio"
              name="proxy-type"
              checked={draft.type === type}
              onChange={() => {
                update({ type });
              }}
            />
            {type === 'none' ? 'Direct (no proxy)' : type === 'socks5' ? 'SOCKS5' : 'MTProxy'}
          </label>
        ))}
      </fieldset>
      {draft.type === 'none' ? null : (
        <div className="field-row">
          <Field label="Host" error={messageFor('host')}>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="off"
                spellCheck={false}
                value={draft.host}
                onChange={(event) => {
                  update({ host: event.target.value });
                }}
              />
            )}
          </Field>
          <Field label="Port" error={messageFor('port')}>
            {(control) => (
              <input
                {...control}
                className="input input-narrow"
                inputMode="numeric"
                autoComplete="off"
                value={draft.port}
                onChange={(event) => {
                  update({ port: event.target.value });
                }}
              />
            )}
          </Field>
        </div>
      )}
      {draft.type === 'socks5' ? (
        <div className="field-row">
          <Field label="Username (optional)" error={messageFor('username')}>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="off"
                value={draft.username}
                onChange={(event) => {
                  update({ username: event.target.value });
                }}
              />
            )}
          </Field>
          <Field
            label="Password (optional)"
            hint={hadCredentials ? 'Leave empty to remove the saved password.' : undefined}
            error={messageFor('password')}
          >
            {(control) => (
              <PasswordInput
                control={control}
                canReveal={false}
                autoComplete="off"
                value={draft.password}
                onChange={(password) => {
                  update({ password });
                }}
              />
            )}
          </Field>
        </div>
      ) : null}
      {draft.type === 'mtproxy' ? (
        <Field
          label="Secret"
          hint={hadCredentials ? 'Enter the secret again to save changes.' : undefined}
          error={messageFor('secret')}
        >
          {(control) => (
            <PasswordInput
              control={control}
              autoComplete="off"
              secretName="secret"
              isMono
              value={draft.secret}
              onChange={(value) => {
                update({ secret: value });
              }}
            />
          )}
        </Field>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isBusy}>
          <BusyLabel isBusy={save.isBusy}>Save proxy</BusyLabel>
        </button>
        <span className="muted" role="status">
          {saved ? 'Saved. The account reconnects with the new settings.' : ''}
        </span>
      </div>
    </form>
  );
}
