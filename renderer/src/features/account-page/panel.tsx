import type { ReactNode } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { Spinner } from '../../ui/spinner';

/** A titled section of the account page with loading and error states of its own. */
export function Panel(props: {
  id: string;
  title: string;
  actions?: ReactNode;
  isLoading: boolean;
  error: AppError | null;
  onRetry: () => void;
  children: ReactNode;
}): ReactNode {
  const headingId = `${props.id}-heading`;
  return (
    <section className="panel" aria-labelledby={headingId} aria-busy={props.isLoading}>
      <div className="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions}
      </div>
      {props.error !== null ? (
        <div className="panel-error">
          <p>{props.error.message}</p>
          <button type="button" className="button button-small" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      ) : props.isLoading ? (
        <div className="panel-loading">
          <Spinner label={`Loading ${props.title.toLowerCase()}`} />
        </div>
      ) : (
        props.children
      )}
    </section>
  );
}
