import type { ReactNode } from 'react';

/** Text for screen readers only. */
export function VisuallyHidden(props: { children: ReactNode }): ReactNode {
  return <span className="visually-hidden">{props.children}</span>;
}
