import type { ReactNode } from 'react';

/**
 * Where the user lands after logging out of or removing an account: says what happened. The
 * status region stays mounted (empty until then), so screen readers announce the sentence.
 */
export function AccountGoneNotice(props: { message: string | null }): ReactNode {
  return (
    <div role="status" className="account-gone-status">
      {props.message === null ? null : <p className="notice">{props.message}</p>}
    </div>
  );
}
