import { type ReactNode, useEffect, useRef, useState } from 'react';
import { formatWait } from '../../../electron/shared/error-words';
import { formatClock } from '../lib/countdown';
import { useCountdown } from '../lib/use-countdown';

/**
 * A live countdown to `until`. The ticking text is hidden from screen readers; a polite status
 * announces only the start ("… in 30 seconds"), a later deadline, and the end, so it is not chatty.
 */
export function CountdownText(props: {
  until: number | null;
  /** The running text, e.g. (clock) => `Resend in ${clock}`. */
  running: (clock: string) => ReactNode;
  /** Spoken once when the countdown starts, e.g. (duration) => `You can resend in ${duration}.` */
  announceStart: (duration: string) => string;
  /** Spoken once when it ends. */
  announceEnd: string;
  /** Shown when the countdown is over (or was never running). */
  done?: ReactNode;
}): ReactNode {
  const remaining = useCountdown(props.until);
  const [announcement, setAnnouncement] = useState('');
  const lastUntil = useRef<number | null>(null);
  const wasRunning = useRef(false);
  const isRunning = remaining > 0;
  const { announceStart, announceEnd } = props;

  useEffect(() => {
    if (isRunning && props.until !== null) {
      // A deadline that moves by less than a second (the same wait, reported again by another
      // source, e.g. the vault after the failed attempt) is not a new wait to announce.
      const announced = lastUntil.current;
      if (!wasRunning.current || announced === null || props.until > announced + 1000) {
        lastUntil.current = props.until;
        setAnnouncement(announceStart(formatWait(remaining)));
      }
      wasRunning.current = true;
    } else if (!isRunning && wasRunning.current) {
      wasRunning.current = false;
      setAnnouncement(announceEnd);
    }
  }, [isRunning, props.until, remaining, announceStart, announceEnd]);

  return (
    <span className="countdown">
      {isRunning ? (
        <span aria-hidden="true">{props.running(formatClock(remaining))}</span>
      ) : (
        props.done
      )}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </span>
  );
}
