import { type ReactNode, useState } from 'react';
import { checkProxy, type ProxyDraft } from '../lib/proxy';
import { useCall } from '../lib/use-call';
import { Field } from './field';
import { PasswordInput } from './password-input';
import { BusyLabel } from './spinner';

/**
 * The fields of one proxy (SOCKS5 host, port, username and password, or MTProxy host, port and
 * secret) and a "Test" button that connects through it before it is saved. Settings (per account
 * and the default login proxy) and the login's first step share it.
 */
export function ProxyFields(props: {
  draft: ProxyDraft;
  onChange: (patch: Partial<ProxyDraft>) => void;
  /** The error to show under a field, if any. */
  messageFor: (field: keyof ProxyDraft) => string | null;
  /** A saved proxy with a password or secret: hints say how to keep or change it. */
  hadCredentials: boolean;
}): ReactNode {
  const { draft, onChange, messageFor } = props;
  return (
    <>
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
                  onChange({ host: event.target.value });
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
                  onChange({ port: event.target.value });
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
                  onChange({ username: event.target.value });
                }}
              />
            )}
          </Field>
          <Field
            label="Password (optional)"
            hint={props.hadCredentials ? 'Leave empty to remove the saved password.' : undefined}
            error={messageFor('password')}
          >
            {(control) => (
              <PasswordInput
                control={control}
                canReveal={false}
                autoComplete="off"
                value={draft.password}
                onChange={(password) => {
                  onChange({ password });
                }}
              />
            )}
          </Field>
        </div>
      ) : null}
      {draft.type === 'mtproxy' ? (
        <Field
          label="Secret"
          hint={props.hadCredentials ? 'Enter the secret again to save changes.' : undefined}
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
                onChange({ secret: value });
              }}
            />
          )}
        </Field>
      ) : null}
    </>
  );
}

/**
 * "Test": connects through the proxy as typed (not saved) to Telegram and says whether it
 * worked, or why not. A draft that does not pass the form's checks is reported through
 * `onInvalid` instead.
 */
export function ProxyTestButton(props: {
  draft: ProxyDraft;
  onInvalid: (problem: { field: keyof ProxyDraft; message: string }) => void;
}): ReactNode {
  const test = useCall({ report: false });
  const [result, setResult] = useState<string>('');
  const onTest = async (): Promise<void> => {
    setResult('');
    const check = checkProxy(props.draft);
    if (!check.ok) {
      props.onInvalid(check);
      return;
    }
    if (check.proxy === null) return;
    const answer = await test.run('proxy:test', { proxy: check.proxy });
    if (answer === undefined) return;
    setResult(
      answer.ok
        ? `The proxy works: Telegram answered in ${String(answer.milliseconds)} ms.`
        : answer.error.message,
    );
  };
  if (props.draft.type === 'none') return null;
  return (
    <div className="proxy-test">
      <button type="button" className="button" disabled={test.isBusy} onClick={() => void onTest()}>
        <BusyLabel isBusy={test.isBusy}>Test proxy</BusyLabel>
      </button>
      <span className="muted" role="status" aria-live="polite">
        {test.error?.message ?? result}
      </span>
    </div>
  );
}
