import { type ReactNode, type SyntheticEvent, useEffect, useRef, useState } from 'react';
import type {
  AccountsState,
  AccountSummary,
  ProxyConfig,
  ProxyView,
} from '../../../../electron/shared/dto';
import { useAppData } from '../../state/app-data';
import { checkProxy, emptyProxyDraft, type ProxyDraft } from '../../lib/proxy';
import { useCall } from '../../lib/use-call';
import { useResource } from '../../lib/use-resource';
import { ProxyFields, ProxyTestButton } from '../../ui/proxy-fields';
import { BusyLabel } from '../../ui/spinner';

function draftFrom(proxy: ProxyView | null): ProxyDraft {
  if (proxy === null) return emptyProxyDraft;
  return {
    ...emptyProxyDraft,
    type: proxy.type,
    host: proxy.host,
    port: String(proxy.port),
    username: proxy.username ?? '',
  };
}

/**
 * Proxies: the default for new logins, and one per account. `focusAccountId` (from an account
 * whose proxy failed) selects that account and moves focus to its form.
 */
export function ProxySection(props: { focusAccountId?: string | null }): ReactNode {
  const { accounts, setAccounts } = useAppData();
  const [accountId, setAccountId] = useState(
    props.focusAccountId ?? accounts.activeAccountId ?? accounts.accounts[0]?.id ?? '',
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAccountId = props.focusAccountId ?? null;
  useEffect(() => {
    if (focusAccountId === null) return;
    // After the frame has focused the page's heading, as it does on every navigation.
    const frame = requestAnimationFrame(() => {
      headingRef.current?.scrollIntoView({ block: 'start' });
      headingRef.current?.focus();
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [focusAccountId]);
  const account = accounts.accounts.find((a) => a.id === accountId);
  return (
    <>
      <LoginProxySection />
      <section className="panel" aria-labelledby="proxy-heading">
        <h2 id="proxy-heading" ref={headingRef} tabIndex={-1}>
          Account proxies
        </h2>
        {accounts.accounts.length === 0 ? (
          <p className="muted">Add an account to give it a proxy.</p>
        ) : (
          <>
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
                    {a.proxy === null
                      ? ''
                      : ` (${a.proxy.type === 'socks5' ? 'SOCKS5' : 'MTProxy'})`}
                  </option>
                ))}
              </select>
            </div>
            {account === undefined ? null : (
              <AccountProxyForm
                key={account.id}
                account={account}
                onSaved={(state) => {
                  setAccounts(state);
                }}
              />
            )}
          </>
        )}
      </section>
    </>
  );
}

/** The proxy new logins use unless the login's first step names another. */
function LoginProxySection(): ReactNode {
  const telegram = useResource('settings:get-telegram');
  const save = useCall({ report: false });
  return (
    <section className="panel" aria-labelledby="login-proxy-heading">
      <h2 id="login-proxy-heading">Proxy for new logins</h2>
      <p className="muted">
        New accounts sign in through this proxy and keep it. The first step of a login can choose
        another one, or a direct connection.
      </p>
      {telegram.data === null ? (
        <p className="muted">{telegram.error?.message ?? 'Loading…'}</p>
      ) : (
        <ProxyForm
          name="login-proxy"
          saved={telegram.data.loginProxy}
          noneLabel="Direct (no proxy)"
          submitLabel="Save login proxy"
          savedMessage="Saved. New logins use this setting."
          save={save}
          onSave={async (proxy) => {
            const next = await save.run('settings:set-login-proxy', { proxy });
            if (next === undefined) return false;
            telegram.setData(next);
            return true;
          }}
        />
      )}
    </section>
  );
}

function AccountProxyForm(props: {
  account: AccountSummary;
  onSaved: (state: AccountsState) => void;
}): ReactNode {
  const save = useCall({ report: false });
  return (
    <ProxyForm
      name="proxy-type"
      saved={props.account.proxy}
      noneLabel="Direct (no proxy)"
      submitLabel="Save proxy"
      savedMessage="Saved. The account reconnects with the new settings."
      save={save}
      onSave={async (proxy) => {
        const state = await save.run('accounts:set-proxy', {
          accountId: props.account.id,
          proxy,
        });
        if (state === undefined) return false;
        props.onSaved(state);
        return true;
      }}
    />
  );
}

function ProxyForm(props: {
  /** The radio group's name, unique on the page. */
  name: string;
  saved: ProxyView | null;
  noneLabel: string;
  submitLabel: string;
  savedMessage: string;
  save: ReturnType<typeof useCall>;
  onSave: (proxy: ProxyConfig | null) => Promise<boolean>;
}): ReactNode {
  const [draft, setDraft] = useState<ProxyDraft>(() => draftFrom(props.saved));
  const [local, setLocal] = useState<{ field: string; message: string } | null>(null);
  const [isSaved, setSaved] = useState(false);
  const { save } = props;
  const hadCredentials = props.saved?.hasCredentials ?? false;

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
    if (await props.onSave(check.proxy)) setSaved(true);
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
              name={props.name}
              checked={draft.type === type}
              onChange={() => {
                update({ type });
              }}
            />
            {type === 'none' ? props.noneLabel : type === 'socks5' ? 'SOCKS5' : 'MTProxy'}
          </label>
        ))}
      </fieldset>
      <ProxyFields
        draft={draft}
        onChange={update}
        messageFor={messageFor}
        hadCredentials={hadCredentials}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isBusy}>
          <BusyLabel isBusy={save.isBusy}>{props.submitLabel}</BusyLabel>
        </button>
        <ProxyTestButton draft={draft} onInvalid={setLocal} />
        <span className="muted" role="status">
          {isSaved ? props.savedMessage : ''}
        </span>
      </div>
    </form>
  );
}
