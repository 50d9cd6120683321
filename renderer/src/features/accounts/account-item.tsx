import type { CSSProperties, DragEvent, KeyboardEvent, MouseEvent, ReactNode } from 'react';
import type { BulkEntryState, Tag } from '../../../../electron/shared/bulk-dto';
import type { AccountSummary } from '../../../../electron/shared/dto';
import { Avatar } from '../../ui/avatar';
import { describeStatus, formatUnread, unknownStatus } from '../../lib/account-status';
import { useIsConnected } from '../../state/connection';
import { entryStateWords } from './bulk-progress';
import { TagChips } from './tag-chips';
import { useHealth } from '../../state/health';
import { attentionText } from '../../lib/health-words';

/**
 * One account in the sidebar: avatar with status dot, name, tags, unread badge. A row of the
 * sidebar's grid: `aria-selected` says whether it is selected for a bulk action (issue 15).
 */
export function AccountItem(props: {
  account: AccountSummary;
  /** Position in the visible (maybe filtered) list. */
  index: number;
  /** Position in the whole list, which the Ctrl+1–9 shortcuts follow. */
  orderIndex: number;
  total: number;
  isActive: boolean;
  /** Position inside the virtualized list. */
  style: CSSProperties;
  isFocusTarget: boolean;
  canReorder: boolean;
  isDragging: boolean;
  dropMarker: 'before' | 'after' | null;
  /** Selected for a bulk action (issue 15). */
  isSelected: boolean;
  tags: readonly Tag[];
  /** The account's state in the bulk job on screen, if it is part of it. */
  bulkState: BulkEntryState | null;
  onSelect: (event: MouseEvent<HTMLButtonElement>) => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
  onFocus: () => void;
  onDragStart: (event: DragEvent<HTMLLIElement>) => void;
  onDragOver: (event: DragEvent<HTMLLIElement>) => void;
  onDrop: (event: DragEvent<HTMLLIElement>) => void;
  onDragEnd: () => void;
}): ReactNode {
  const { account } = props;
  const isConnected = useIsConnected();
  const status = isConnected ? describeStatus(account.status) : unknownStatus;
  const unread = formatUnread(account.unreadCount);
  const shortcut = props.orderIndex < 9 ? props.orderIndex + 1 : null;
  const subline = isConnected && account.status.kind === 'online' ? account.phone : status.label;
  const reasons = useHealth().byId.get(account.id)?.attentionReasons ?? [];
  const attention = account.needsAttention ? attentionText(reasons) : null;
  return (
    <li
      className="account-item"
      style={props.style}
      data-drop={props.dropMarker ?? undefined}
      data-dragging={props.isDragging || undefined}
      draggable={props.canReorder}
      role="row"
      aria-rowindex={props.index + 1}
      aria-selected={props.isSelected}
      data-selected={props.isSelected || undefined}
      onDragStart={props.onDragStart}
      onDragOver={props.onDragOver}
      onDrop={props.onDrop}
      onDragEnd={props.onDragEnd}
    >
      <div role="gridcell" className="account-cell">
        <button
          type="button"
          className="account-button"
          data-index={props.index}
          aria-current={props.isActive ? 'page' : undefined}
          tabIndex={props.isFocusTarget ? 0 : -1}
          aria-keyshortcuts={shortcut === null ? undefined : `Control+${shortcut} Meta+${shortcut}`}
          onClick={props.onSelect}
          onKeyDown={props.onKeyDown}
          onFocus={props.onFocus}
        >
          <span className="account-avatar">
            <Avatar account={account} />
            <span className={`status-dot status-${status.tone}`} aria-hidden="true" />
          </span>
          <span className="account-text">
            <span className="account-name" title={account.displayName}>
              {account.displayName}
            </span>
            <span className="account-sub" title={subline}>
              {props.bulkState === null ? null : (
                <span className="bulk-state" data-state={props.bulkState}>
                  {entryStateWords[props.bulkState]}
                </span>
              )}
              {subline}
              <TagChips tags={props.tags} />
            </span>
          </span>
          <span className="visually-hidden">
            , {status.label}
            {account.unreadCount > 0 ? `, ${account.unreadCount} unread` : ''}
            {account.isSandbox ? ', sandbox account' : ''}
            {attention === null ? '' : `, ${attention}`}
            {props.isSelected ? ', selected' : ''}
          </span>
          {attention === null ? null : (
            <span className="attention-badge" title={attention} aria-hidden="true">
              !
            </span>
          )}
          {unread === '' ? null : (
            <span className="badge" aria-hidden="true">
              {unread}
            </span>
          )}
        </button>
      </div>
    </li>
  );
}
