import type { ReactNode } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { useCountdown } from '../../lib/use-countdown';
import { Spinner } from '../../ui/spinner';
import { QrCode } from './qr-code';

/**
 * QR login: a live code that refreshes as new views arrive, and how to scan it. A code whose
 * token ran out (it was not refreshed while hidden) is not shown: main sends a fresh one.
 */
export function QrStep(props: {
  view: LoginView | null;
  error: AppError | null;
  isBusy: boolean;
  onRetry: () => void;
  onUsePhone: () => void;
}): ReactNode {
  const current = props.view?.qr ?? null;
  const isFresh = useCountdown(current?.expiresAt ?? null) > 0;
  const qr = isFresh ? current : null;
  return (
    <section className="form qr-step" aria-labelledby="qr-heading">
      <h1 id="qr-heading" tabIndex={-1}>
        Scan the QR code
      </h1>
      <div className="qr-layout">
        <div className="qr-frame" aria-busy={qr === null}>
          {qr === null ? (
            props.error === null ? (
              <Spinner label="Preparing the QR code" />
            ) : null
          ) : (
            <QrCode value={qr.url} label="QR code to sign in with the Telegram app" />
          )}
        </div>
        <ol className="qr-instructions">
          <li>Open Telegram on your phone.</li>
          <li>
            Go to <strong>Settings → Devices → Link Desktop Device</strong>.
          </li>
          <li>Point your phone at this screen to confirm.</li>
        </ol>
      </div>
      <p className="muted" role="status">
        {qr === null ? '' : 'The code refreshes by itself every few seconds; keep this page open.'}
      </p>
      {props.error === null ? null : (
        <div className="notice notice-warn">
          <p>{props.error.message}</p>
          <button type="button" className="button" disabled={props.isBusy} onClick={props.onRetry}>
            Get a new QR code
          </button>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button-link" onClick={props.onUsePhone}>
          Use a phone number instead
        </button>
      </div>
    </section>
  );
}
