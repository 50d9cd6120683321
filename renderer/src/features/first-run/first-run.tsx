import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useAppData } from '../../state/app-data';
import { invoke } from '../../lib/call';
import { useCall } from '../../lib/use-call';
import { BusyLabel } from '../../ui/spinner';
import { ApiCredentialsForm, ApiCredentialsHelp } from '../../ui/api-credentials-form';
import './first-run.css';

type Step = 'choose' | 'credentials' | 'storage';

/**
 * First run: pick Telegram (with your own API credentials) or the sandbox, then secure storage
 * (`storagePrompt`, the passcode feature's prompt, which the app hands in).
 */
export function FirstRun(props: { onDone: () => void; storagePrompt: ReactNode }): ReactNode {
  const data = useAppData();
  const [step, setStep] = useState<Step>(data.info.needsSetup ? 'choose' : 'storage');
  const sandbox = useCall();
  const production = useCall();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [step]);

  const finishSetup = async (): Promise<void> => {
    await data.refresh();
    const vault = await invoke('vault:status');
    if (vault.ok && !vault.value.canStoreSessions) setStep('storage');
    else props.onDone();
  };

  const hasSandbox = data.info.availableProfiles.includes('sandbox');

  if (step === 'storage') {
    return (
      <main className="center-screen" id="main">
        {props.storagePrompt}
      </main>
    );
  }

  return (
    <main className="center-screen" id="main">
      <div className="first-run">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Gramdeck</span>
          <span className="brand-note">unofficial</span>
        </p>
        {step === 'choose' ? (
          <>
            <h1 ref={headingRef} tabIndex={-1}>
              Welcome! How do you want to start?
            </h1>
            <p className="muted">
              {data.info.name} keeps many Telegram accounts in one window. It is an unofficial app,
              not made by Telegram.
            </p>
            <div className="choices">
              <section className="card choice" aria-labelledby="choice-telegram">
                <h2 id="choice-telegram">Use Telegram</h2>
                <p>Sign in to your real Telegram accounts. You need an API key from Telegram.</p>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => {
                    setStep('credentials');
                  }}
                >
                  Use Telegram
                </button>
              </section>
              {hasSandbox ? (
                <section className="card choice choice-sandbox" aria-labelledby="choice-sandbox">
                  <h2 id="choice-sandbox">Try the sandbox</h2>
                  <p>
                    Explore Gramdeck with demo accounts on a local test server.{' '}
                    <strong>This is not Telegram</strong>: nothing you do there reaches real people.
                  </p>
                  <button
                    type="button"
                    className="button"
                    disabled={sandbox.isBusy}
                    onClick={() => {
                      void sandbox
                        .run('settings:set-server-profile', { kind: 'sandbox' })
                        .then((view) => (view === undefined ? undefined : finishSetup()));
                    }}
                  >
                    <BusyLabel isBusy={sandbox.isBusy}>Try the sandbox</BusyLabel>
                  </button>
                </section>
              ) : null}
            </div>
          </>
        ) : (
          <section className="card" aria-labelledby="credentials-heading">
            <h1 id="credentials-heading" ref={headingRef} tabIndex={-1}>
              Connect to Telegram
            </h1>
            <ApiCredentialsHelp />
            <ApiCredentialsForm
              submitLabel="Continue"
              onSaved={async () => {
                const view = await production.run('settings:set-server-profile', {
                  kind: 'production',
                });
                if (view !== undefined) await finishSetup();
              }}
            />
            <button
              type="button"
              className="button-link"
              onClick={() => {
                setStep('choose');
              }}
            >
              Back
            </button>
          </section>
        )}
      </div>
    </main>
  );
}
