import { type ReactNode, useEffect, useState } from 'react';
import type { AppError } from '../../../electron/shared/errors';
import { onCallError } from '../lib/call';

interface Toast {
  id: number;
  message: string;
}

let nextId = 1;

/**
 * The app-wide place where failed calls show up: an alert region with the error's message (never
 * a stack or a code). Identical messages are not stacked; each can be dismissed.
 */
export function ErrorSurface(): ReactNode {
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(
    () =>
      onCallError((error: AppError) => {
        setToasts((current) => {
          if (current.some((t) => t.message === error.message)) return current;
          return [...current.slice(-2), { id: nextId++, message: error.message }];
        });
      }),
    [],
  );

  const dismiss = (id: number): void => {
    setToasts((current) => current.filter((t) => t.id !== id));
  };

  return (
    <div className="toasts" role="alert" aria-live="assertive">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <p className="toast-message">{toast.message}</p>
          <button
            type="button"
            className="button-quiet toast-close"
            onClick={() => {
              dismiss(toast.id);
            }}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
