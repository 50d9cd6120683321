/**
 * The bulk toolbar (issue 15): shown with two or more accounts selected. Every action is
 * confirmed by a dialog that names the count ("Log out 12 accounts?"); Telegram actions start a
 * job in main (`bulk:start`), tags are set at once (`tags:tag`, `tags:untag`).
 */
import { type ReactNode, useId, useState } from 'react';
import type { BulkActionName, TagsState } from '../../../../electron/shared/bulk-dto';
import type { InputOf } from '../../../../electron/shared/contract';
import { checkProxy, emptyProxyDraft, type ProxyDraft } from '../../lib/proxy';
import { useCall } from '../../lib/use-call';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ProxyFields } from '../../ui/proxy-fields';
import { twoStepRules } from '../../../../electron/shared/rules';
import { accountsText } from './selection';

/** How each action reads: its button, its confirmation, and its progress heading. */
export const bulkActionWords: Record<
  BulkActionName,
  {
    button: string;
    title: (n: string) => string;
    confirm: string;
    body: string;
    isDestructive: boolean;
  }
> = {
  'log-out': {
    button: 'Log out',
    title: (n) => `Log out ${n}?`,
    confirm: 'Log out',
    body: 'Each account’s Telegram session ends and the account leaves Gramdeck.',
    isDestructive: true,
  },
  remove: {
    button: 'Remove',
    title: (n) => `Remove ${n} from Gramdeck?`,
    confirm: 'Remove',
    body: 'The accounts leave Gramdeck; their Telegram sessions stay signed in.',
    isDestructive: true,
  },
  reconnect: {
    button: 'Reconnect',
    title: (n) => `Reconnect ${n}?`,
    confirm: 'Reconnect',
    body: 'Each account connects to Telegram again now.',
    isDestructive: false,
  },
  'set-proxy': {
    button: 'Set proxy…',
    title: (n) => `Set a proxy for ${n}?`,
    confirm: 'Set proxy',
    body: 'Each account reconnects through this proxy.',
    isDestructive: false,
  },
  'clear-proxy': {
    button: 'Clear proxy',
    title: (n) => `Clear the proxy of ${n}?`,
    confirm: 'Clear proxy',
    body: 'Each account reconnects directly, without a proxy.',
    isDestructive: false,
  },
  'end-other-sessions': {
    button: 'End other sessions',
    title: (n) => `End other sessions of ${n}?`,
    confirm: 'End other sessions',
    body: 'Every session of these accounts other than Gramdeck’s own is signed out.',
    isDestructive: true,
  },
  'enable-two-step': {
    button: 'Turn on two-step verification…',
    title: (n) => `Turn on two-step verification for ${n}?`,
    confirm: 'Turn it on',
    body:
      'Each account that has no password yet gets this one and its hint; accounts that already ' +
      'have one are skipped. Keep the password safe: Telegram asks for it at every new sign-in.',
    isDestructive: false,
  },
};

const order: BulkActionName[] = [
  'log-out',
  'remove',
  'reconnect',
  'set-proxy',
  'clear-proxy',
  'end-other-sessions',
  'enable-two-step',
];

type Pending = { kind: 'job'; action: BulkActionName } | { kind: 'tag' | 'untag' };

export function BulkToolbar(props: {
  selectedIds: readonly string[];
  tags: TagsState;
  onStarted: (jobId: string) => void;
  onTagsChange: (state: TagsState) => void;
  onClear: () => void;
  /** Opens the session export dialog for the selected accounts (it asks its own questions). */
  onExport?: (accountIds: string[]) => void;
}): ReactNode {
  const { selectedIds, tags } = props;
  const [pending, setPending] = useState<Pending | null>(null);
  const [draft, setDraft] = useState<ProxyDraft>({ ...emptyProxyDraft, type: 'socks5' });
  const [proxyError, setProxyError] = useState<{ field: keyof ProxyDraft; message: string } | null>(
    null,
  );
  const [tagId, setTagId] = useState('');
  const [twoStep, setTwoStep] = useState({ password: '', repeat: '', hint: '' });
  const [twoStepError, setTwoStepError] = useState<string | null>(null);
  const action = useCall();
  const headingId = useId();
  const tagSelectId = useId();
  const count = accountsText(selectedIds.length);

  const close = (): void => {
    setPending(null);
    setProxyError(null);
    setTwoStep({ password: '', repeat: '', hint: '' });
    setTwoStepError(null);
  };

  const confirm = async (): Promise<void> => {
    if (pending === null) return;
    const accountIds = [...selectedIds];
    if (pending.kind !== 'job') {
      const chosen = tagId || tags.tags[0]?.id;
      if (chosen === undefined) return;
      const channel = pending.kind === 'tag' ? 'tags:tag' : 'tags:untag';
      const state = await action.run(channel, { tagId: chosen, accountIds });
      if (state) props.onTagsChange(state);
      close();
      return;
    }
    let args: InputOf<'bulk:start'>;
    if (pending.action === 'set-proxy') {
      const checked = checkProxy(draft);
      if (!checked.ok) {
        setProxyError({ field: checked.field, message: checked.message });
        return;
      }
      if (checked.proxy === null) return;
      args = { action: 'set-proxy', accountIds, params: { proxy: checked.proxy } };
    } else if (pending.action === 'enable-two-step') {
      const problem = twoStepProblem(twoStep);
      if (problem !== null) {
        setTwoStepError(problem);
        return;
      }
      args = { action: 'enable-two-step', accountIds, params: twoStepParams(twoStep) };
    } else {
      args = { action: pending.action, accountIds };
    }
    const started = await action.run('bulk:start', args);
    close();
    if (started) props.onStarted(started.jobId);
  };

  const words = pending?.kind === 'job' ? bulkActionWords[pending.action] : null;
  const tagWord = pending?.kind === 'untag' ? 'Untag' : 'Tag';
  return (
    <section className="bulk-toolbar" aria-labelledby={headingId}>
      <h3 id={headingId} className="bulk-toolbar-title">
        {count} selected
      </h3>
      <div className="bulk-toolbar-actions" role="group" aria-label="Act on the selected accounts">
        {order.map((name) => (
          <button
            key={name}
            type="button"
            className="button button-small"
            onClick={() => {
              setPending({ kind: 'job', action: name });
            }}
          >
            {bulkActionWords[name].button}
          </button>
        ))}
        <button
          type="button"
          className="button button-small"
          disabled={tags.tags.length === 0}
          title={tags.tags.length === 0 ? 'Create a tag first (Manage tags).' : undefined}
          onClick={() => {
            setPending({ kind: 'tag' });
          }}
        >
          Tag…
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={tags.tags.length === 0}
          onClick={() => {
            setPending({ kind: 'untag' });
          }}
        >
          Untag…
        </button>
        {props.onExport ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              props.onExport?.([...selectedIds]);
            }}
          >
            Export sessions…
          </button>
        ) : null}
        <button type="button" className="button button-small" onClick={props.onClear}>
          Clear selection
        </button>
      </div>
      <ConfirmDialog
        isOpen={pending !== null}
        title={words ? words.title(count) : `${tagWord} ${count}?`}
        confirmLabel={words ? words.confirm : tagWord}
        isDestructive={words?.isDestructive ?? false}
        isBusy={action.isBusy}
        onCancel={close}
        onConfirm={() => {
          void confirm();
        }}
      >
        {words ? <p>{words.body}</p> : null}
        {pending?.kind === 'job' && pending.action === 'set-proxy' ? (
          <div className="bulk-proxy">
            <fieldset className="bulk-proxy-type">
              <legend>Proxy type</legend>
              {(['socks5', 'mtproxy'] as const).map((type) => (
                <label key={type}>
                  <input
                    type="radio"
                    name="bulk-proxy-type"
                    checked={draft.type === type}
                    onChange={() => {
                      setDraft({ ...draft, type });
                    }}
                  />{' '}
                  {type === 'socks5' ? 'SOCKS5' : 'MTProxy'}
                </label>
              ))}
            </fieldset>
            <ProxyFields
              draft={draft}
              hadCredentials={false}
              onChange={(patch) => {
                setDraft({ ...draft, ...patch });
                setProxyError(null);
              }}
              messageFor={(field) => (proxyError?.field === field ? proxyError.message : null)}
            />
          </div>
        ) : null}
        {pending?.kind === 'job' && pending.action === 'enable-two-step' ? (
          <TwoStepFields
            value={twoStep}
            error={twoStepError}
            onChange={(patch) => {
              setTwoStep({ ...twoStep, ...patch });
              setTwoStepError(null);
            }}
          />
        ) : null}
        {pending?.kind === 'tag' || pending?.kind === 'untag' ? (
          <p>
            <label htmlFor={tagSelectId}>Tag</label>{' '}
            <select
              id={tagSelectId}
              className="input"
              value={tagId || (tags.tags[0]?.id ?? '')}
              onChange={(event) => {
                setTagId(event.target.value);
              }}
            >
              {tags.tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </select>
          </p>
        ) : null}
        {action.error ? (
          <p className="field-error" role="alert">
            {action.error.message}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}

interface TwoStepDraft {
  password: string;
  repeat: string;
  hint: string;
}

/** What is wrong with the bulk two-step form, in words, or null. */
function twoStepProblem(draft: TwoStepDraft): string | null {
  if (draft.password === '') return 'Enter the new password.';
  if (draft.password.length > twoStepRules.passwordMaxLength) {
    return `Use at most ${String(twoStepRules.passwordMaxLength)} characters.`;
  }
  if (draft.repeat !== draft.password) return 'The two passwords are not the same.';
  if (draft.hint.trim() === draft.password.trim()) return 'The hint must not be the password.';
  return null;
}

function twoStepParams(draft: TwoStepDraft): { password: string; hint: string } {
  return { password: draft.password, hint: draft.hint.trim() };
}

/** The password (twice) and hint of the bulk "turn on two-step verification". */
function TwoStepFields(props: {
  value: TwoStepDraft;
  error: string | null;
  onChange: (patch: Partial<TwoStepDraft>) => void;
}): ReactNode {
  const passwordId = useId();
  const repeatId = useId();
  const hintId = useId();
  const errorId = useId();
  const invalid = props.error === null ? {} : { 'aria-invalid': true, 'aria-describedby': errorId };
  return (
    <div className="bulk-two-step">
      <p>
        <label htmlFor={passwordId}>New password</label>
        <input
          id={passwordId}
          className="input"
          type="password"
          autoComplete="new-password"
          value={props.value.password}
          onChange={(event) => {
            props.onChange({ password: event.target.value });
          }}
          {...invalid}
        />
      </p>
      <p>
        <label htmlFor={repeatId}>Repeat the password</label>
        <input
          id={repeatId}
          className="input"
          type="password"
          autoComplete="new-password"
          value={props.value.repeat}
          onChange={(event) => {
            props.onChange({ repeat: event.target.value });
          }}
          {...invalid}
        />
      </p>
      <p>
        <label htmlFor={hintId}>Hint (optional)</label>
        <input
          id={hintId}
          className="input"
          maxLength={twoStepRules.hintMaxLength}
          value={props.value.hint}
          onChange={(event) => {
            props.onChange({ hint: event.target.value });
          }}
        />
      </p>
      {props.error === null ? null : (
        <p id={errorId} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
