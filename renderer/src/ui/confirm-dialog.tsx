import { type ReactNode, useEffect, useId, useRef } from 'react';
import { BusyLabel } from './spinner';

/**
 * A modal confirmation built on <dialog>: showModal() makes the rest of the page inert (the focus
 * trap), Escape cancels, and focus returns to whatever opened it.
 */
export function ConfirmDialog(props: {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  isDestructive?: boolean;
  isBusy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const bodyId = useId();
  const { isOpen } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (isOpen && !dialog.open) {
      returnFocus.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!isOpen && dialog.open) {
      dialog.close();
    }
  }, [isOpen]);

  const { onCancel } = props;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onClose={() => {
        returnFocus.current?.focus();
        returnFocus.current = null;
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {props.title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {props.children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className={
            props.isDestructive === true ? 'button button-danger' : 'button button-primary'
          }
          disabled={props.isBusy === true}
          onClick={props.onConfirm}
        >
          <BusyLabel isBusy={props.isBusy === true}>{props.confirmLabel}</BusyLabel>
        </button>
      </div>
    </dialog>
  );
}
