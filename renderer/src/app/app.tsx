import { type ReactNode, useState } from 'react';
import { LockScreen } from '../features/lock/lock-screen';
import { ErrorSurface } from '../ui/error-surface';
import { Spinner } from '../ui/spinner';
import { AppDataProvider, useAppData } from '../state/app-data';
import { AttentionBanner } from './attention-banner';
import { ConnectionBanner } from './connection-banner';
import { Frame } from './frame';
import { useActivityTouch } from './use-activity-touch';
import { useTheme } from './use-theme';
import { useWindowTitle } from './use-window-title';
import { firstRunPart, forgotPasscodePart, recoveryCodePart, weakStoragePart } from './parts';

const FirstRun = firstRunPart.Component;
const ForgotPasscode = forgotPasscodePart.Component;
const RecoveryCodeScreen = recoveryCodePart.Component;
const WeakStoragePrompt = weakStoragePart.Component;

/** The whole renderer: data first, then lock screen, first run, or the app frame. */
export function App(): ReactNode {
  return (
    <>
      <ConnectionBanner />
      <AppDataProvider
        loading={
          <div className="splash">
            <Spinner label="Starting Gramdeck" />
          </div>
        }
        failed={(error, retry) => (
          <main className="splash">
            <h1>Gramdeck could not start</h1>
            <p>{error.message}</p>
            <button type="button" className="button button-primary" onClick={retry}>
              Try again
            </button>
          </main>
        )}
      >
        <AttentionBanner />
        <Screens />
      </AppDataProvider>
      <aside className="toast-area" aria-label="Messages">
        <ErrorSurface />
      </aside>
    </>
  );
}

function Screens(): ReactNode {
  const data = useAppData();
  useTheme(data.settings.theme);
  // The unread sum waits for the whole list (issue 17).
  useWindowTitle(data.partialAccounts === null ? data.accounts.accounts : []);
  useActivityTouch(!data.vault.isLocked && data.vault.hasPasscode);
  // Stays true through the whole first-run flow, even after setup stops being needed midway.
  const [isOnboarding, setIsOnboarding] = useState(data.info.needsSetup);
  // A recovery code from a passcode reset: shown once, before anything else, whatever the lock.
  const [newRecoveryCode, setNewRecoveryCode] = useState<string | null>(null);

  if (newRecoveryCode !== null) {
    return (
      <main className="center-screen" id="main">
        <RecoveryCodeScreen
          code={newRecoveryCode}
          title="Your passcode is reset: save your new recovery code"
          intro={
            <p>
              Your old recovery code no longer works. Write this new one down now and keep it
              somewhere safe in case you forget the passcode again. You can see it again in Settings
              after entering your passcode.
            </p>
          }
          onDone={() => {
            setNewRecoveryCode(null);
          }}
        />
      </main>
    );
  }
  if (data.vault.isLocked) {
    return (
      <LockScreen
        forgotPasscode={(back) => (
          <ForgotPasscode onBack={back} onNewRecoveryCode={setNewRecoveryCode} />
        )}
      />
    );
  }
  if (isOnboarding || data.info.needsSetup) {
    const finish = (): void => {
      setIsOnboarding(false);
    };
    return <FirstRun onDone={finish} storagePrompt={<WeakStoragePrompt onDone={finish} />} />;
  }
  return <Frame />;
}
