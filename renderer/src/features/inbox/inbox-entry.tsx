/** The sidebar's "Inbox" entry (issue 16): the total unread of every account, and its shortcut. */
import { type ReactNode, useMemo } from 'react';
import { totalUnread } from './inbox-model';
import { useInbox } from './inbox-store';

export function InboxEntry(props: { isActive: boolean; onOpen: () => void }): ReactNode {
  const { state } = useInbox();
  const total = useMemo(() => totalUnread(state.items), [state.items]);
  return (
    <button
      type="button"
      className="button button-small side-inbox"
      aria-current={props.isActive ? 'page' : undefined}
      aria-keyshortcuts="G I"
      title="Inbox (G then I)"
      onClick={props.onOpen}
    >
      Inbox
      {total > 0 ? (
        <>
          <span className="badge" aria-hidden="true">
            {total > 999 ? '999+' : total.toLocaleString('en')}
          </span>
          <span className="visually-hidden">, {total.toLocaleString('en')} unread</span>
        </>
      ) : null}
    </button>
  );
}
