import type { ReactNode } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { CountdownText } from '../../ui/countdown-text';
import { isWait } from './login-errors';

/**
 * "Too many attempts. Try again in 0:29", counting down live, for flood waits. A wait without a
 * known length is the field's error (see `errorFor`), shown once there and not again here.
 */
export function WaitNotice(props: { error: AppError | null; retryAt: number | null }): ReactNode {
  if (props.error?.retryAfter === undefined || !isWait(props.error)) return null;
  if (props.retryAt === null) {
    return <p className="field-note field-note-warn">{props.error.message}</p>;
  }
  return (
    <p className="field-note field-note-warn">
      <CountdownText
        until={props.retryAt}
        running={(clock) =>
          `Too many attempts. Telegram asks you to wait ${clock} before trying again.`
        }
        announceStart={(duration) =>
          `Too many attempts. Telegram asks you to wait ${duration} before trying again.`
        }
        announceEnd="You can try again now."
        done="You can try again now."
      />
    </p>
  );
}
