import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { CountryCode } from 'libphonenumber-js';
import type { ProxyConfig, ProxyView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { phoneRules, phoneTooLongMessage } from '../../../../electron/shared/rules';
import { checkPhone, countryOfNumber, digitsOf, formatPhoneAsYouType } from '../../lib/phone';
import { checkProxy, emptyProxyDraft, type ProxyDraft } from '../../lib/proxy';
import { useCountdown } from '../../lib/use-countdown';
import { useResource } from '../../lib/use-resource';
import { Field } from '../../ui/field';
import { ProxyFields, ProxyTestButton } from '../../ui/proxy-fields';
import { BusyLabel } from '../../ui/spinner';
import { CountryPicker } from './country-picker';
import { errorFor, isWait } from './login-errors';
import { WaitNotice } from './wait-notice';

/**
 * How a login connects: undefined takes the default login proxy from Settings, null connects
 * directly, a proxy connects through it (and the new account keeps it).
 */
export type LoginProxy = ProxyConfig | null | undefined;

/**
 * The phone number step: country picker, as-you-type formatting and validation, and how to
 * connect (Direct, the default login proxy, or another proxy, with a test).
 */
export function PhoneStep(props: {
  initialPhone: string | null;
  allowTestNumbers: boolean;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onSubmit: (e164: string, proxy: LoginProxy) => void;
  onEdit: () => void;
  /** Switches to an account that is already in Gramdeck. */
  onOpenAccount: (accountId: string) => void;
}): ReactNode {
  const telegram = useResource('settings:get-telegram');
  const defaultProxy = telegram.data?.loginProxy ?? null;
  const [connection, setConnection] = useState<'default' | 'direct' | 'other' | null>(null);
  const [draft, setDraft] = useState<ProxyDraft>({ ...emptyProxyDraft, type: 'socks5' });
  const [proxyProblem, setProxyProblem] = useState<{ field: string; message: string } | null>(null);
  const chosen = connection ?? (defaultProxy === null ? 'direct' : 'default');
  const [phone, setPhone] = useState(() =>
    props.initialPhone === null ? '' : formatPhoneAsYouType(props.initialPhone),
  );
  const [country, setCountry] = useState<CountryCode | null>(() =>
    props.initialPhone === null ? null : countryOfNumber(props.initialPhone),
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const check = checkPhone(phone, { allowTestNumbers: props.allowTestNumbers });
    if (!check.ok) {
      setLocalError(check.message);
      inputRef.current?.focus();
      return;
    }
    setLocalError(null);
    if (chosen === 'other') {
      const proxy = checkProxy(draft);
      if (!proxy.ok) {
        setProxyProblem(proxy);
        return;
      }
      props.onSubmit(check.e164, proxy.proxy);
      return;
    }
    props.onSubmit(check.e164, chosen === 'direct' ? null : undefined);
  };

  const error = localError ?? errorFor(props.error, 'phone', 'phone');
  const addedId =
    localError === null && props.error?.code === 'ACCOUNT_ALREADY_ADDED'
      ? (props.error.accountId ?? null)
      : null;
  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <h1 tabIndex={-1}>Add an account</h1>
      <p className="muted">
        Enter the phone number of the Telegram account, with its country code. Telegram will send
        you a code.
        {props.allowTestNumbers ? ' Test numbers such as +999 66 2 0001 work here.' : ''}
      </p>
      <div className="field">
        <span className="field-label" id="country-label">
          Country
        </span>
        <CountryPicker
          value={country}
          describedBy="country-label"
          onChange={(chosen) => {
            setCountry(chosen.code);
            setPhone(`+${chosen.callingCode} `);
            setLocalError(null);
            requestAnimationFrame(() => {
              inputRef.current?.focus();
            });
          }}
        />
      </div>
      <Field
        label="Phone number"
        error={error}
        after={
          <>
            <WaitNotice error={props.error} retryAt={props.retryAt} />
            {addedId === null ? null : (
              <div className="inline-action">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    props.onOpenAccount(addedId);
                  }}
                >
                  Open it
                </button>
              </div>
            )}
          </>
        }
      >
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            className="input input-phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+44 7400 123456"
            autoFocus
            value={phone}
            onChange={(event) => {
              const formatted = formatPhoneAsYouType(event.target.value);
              setPhone(formatted);
              setCountry((current) => countryOfNumber(formatted, current));
              const digits = digitsOf(formatted).length;
              // Too long is said at once; every other problem waits for Send code.
              setLocalError(digits > phoneRules.maxDigits ? phoneTooLongMessage(digits) : null);
              props.onEdit();
            }}
          />
        )}
      </Field>
      <fieldset className="fieldset">
        <legend>Connection</legend>
        {defaultProxy === null ? null : (
          <label className="radio">
            <input
              type="radio"
              name="login-connection"
              checked={chosen === 'default'}
              onChange={() => {
                setConnection('default');
              }}
            />
            The proxy from Settings ({describeProxy(defaultProxy)})
          </label>
        )}
        <label className="radio">
          <input
            type="radio"
            name="login-connection"
            checked={chosen === 'direct'}
            onChange={() => {
              setConnection('direct');
            }}
          />
          Direct (no proxy)
        </label>
        <label className="radio">
          <input
            type="radio"
            name="login-connection"
            checked={chosen === 'other'}
            onChange={() => {
              setConnection('other');
            }}
          />
          Another proxy
        </label>
      </fieldset>
      {chosen === 'other' ? (
        <fieldset className="fieldset">
          <legend>Proxy</legend>
          {(['socks5', 'mtproxy'] as const).map((type) => (
            <label key={type} className="radio">
              <input
                type="radio"
                name="login-proxy-type"
                checked={draft.type === type}
                onChange={() => {
                  setDraft((d) => ({ ...d, type }));
                  setProxyProblem(null);
                }}
              />
              {type === 'socks5' ? 'SOCKS5' : 'MTProxy'}
            </label>
          ))}
          <ProxyFields
            draft={draft}
            onChange={(patch) => {
              setDraft((d) => ({ ...d, ...patch }));
              setProxyProblem(null);
              props.onEdit();
            }}
            messageFor={(field) => (proxyProblem?.field === field ? proxyProblem.message : null)}
            hadCredentials={false}
          />
          <ProxyTestButton draft={draft} onInvalid={setProxyProblem} />
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={props.isBusy || isWaiting}
        >
          <BusyLabel isBusy={props.isBusy}>Send code</BusyLabel>
        </button>
      </div>
    </form>
  );
}

/** "SOCKS5 127.0.0.1:1080" */
function describeProxy(proxy: ProxyView): string {
  return `${proxy.type === 'socks5' ? 'SOCKS5' : 'MTProxy'} ${proxy.host}:${String(proxy.port)}`;
}
