import type { ReactNode } from 'react';

/** A small progress indicator; `label` is read by screen readers. */
export function Spinner(props: { label?: string }): ReactNode {
  return (
    <span className="spinner" role={props.label === undefined ? undefined : 'status'}>
      <span className="spinner-ring" aria-hidden="true" />
      {props.label === undefined ? null : <span className="visually-hidden">{props.label}</span>}
    </span>
  );
}

/** A button label that keeps its width while busy, so the layout does not jump. */
export function BusyLabel(props: { isBusy: boolean; children: ReactNode }): ReactNode {
  return (
    <span className="busy-label" data-busy={props.isBusy}>
      <span className="busy-label-text">{props.children}</span>
      {props.isBusy ? <Spinner /> : null}
    </span>
  );
}
