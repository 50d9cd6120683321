import { type SyntheticEvent, type ReactNode, useState } from 'react';
import type { TelegramSettingsView } from '../../../electron/shared/dto';
import { useCall } from '../lib/use-call';
import { Field } from './field';
import { PasswordInput } from './password-input';
import { BusyLabel } from './spinner';
import { checkApiCredentials, type CredentialsField } from '../lib/api-credentials';

/** Where api_id and api_hash come from, in two sentences. */
export function ApiCredentialsHelp(): ReactNode {
  return (
    <p className="help">
      Telegram asks every app to identify itself with an api_id and api_hash. Sign in at{' '}
      <strong>my.telegram.org</strong> with your phone number, open{' '}
      <strong>API development tools</strong>, create an app (any name works) and copy the two values
      here.
    </p>
  );
}

/** api_id and api_hash, validated as typed and saved with `settings:set-api-credentials`. */
export function ApiCredentialsForm(props: {
  submitLabel: string;
  initialApiId?: number | null;
  onSaved: (view: TelegramSettingsView) => void | Promise<void>;
}): ReactNode {
  const [apiId, setApiId] = useState(
    props.initialApiId === undefined || props.initialApiId === null
      ? ''
      : String(props.initialApiId),
  );
  const [apiHash, setApiHash] = useState('');
  const [local, setLocal] = useState<Partial<Record<CredentialsField, string>>>({});
  const save = useCall({ report: false });
  const [isFinishing, setIsFinishing] = useState(false);

  const remoteField = save.error?.field === 'apiHash' ? 'apiHash' : 'apiId';
  const errorFor = (field: CredentialsField): string | null => {
    const problem = local[field];
    if (problem !== undefined) return problem;
    if (save.error !== null && remoteField === field) return save.error.message;
    return null;
  };

  const onSubmit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const check = checkApiCredentials(apiId, apiHash);
    if (!check.ok) {
      setLocal(check.problems);
      document.getElementById(`api-${check.field}`)?.focus();
      return;
    }
    setLocal({});
    const view = await save.run('settings:set-api-credentials', {
      apiId: check.apiId,
      apiHash: check.apiHash,
    });
    if (view === undefined) return;
    setIsFinishing(true);
    try {
      await props.onSaved(view);
    } finally {
      setIsFinishing(false);
    }
  };

  const isBusy = save.isBusy || isFinishing;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <Field id="api-apiId" label="api_id" error={errorFor('apiId')}>
        {(control) => (
          <input
            {...control}
            className="input input-narrow"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={apiId}
            onChange={(event) => {
              setApiId(event.target.value);
              setLocal(({ apiHash }) => (apiHash === undefined ? {} : { apiHash }));
            }}
          />
        )}
      </Field>
      <Field id="api-apiHash" label="api_hash" error={errorFor('apiHash')}>
        {(control) => (
          <PasswordInput
            control={control}
            autoComplete="off"
            secretName="api_hash"
            isMono
            maxLength={40}
            value={apiHash}
            onChange={(value) => {
              setApiHash(value);
              setLocal(({ apiId }) => (apiId === undefined ? {} : { apiId }));
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={isBusy}>
          <BusyLabel isBusy={isBusy}>{props.submitLabel}</BusyLabel>
        </button>
      </div>
    </form>
  );
}
