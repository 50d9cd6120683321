/**
 * Updates about chats and messages → the gateway's chat events (issue 16). `update-state.ts`
 * decides whether an update applies (once, in order); this only says what an applied one means.
 */
import { Api } from 'telegram';
import type { TelegramEvent } from '../core/ports';
import { isRawMessage, mapMessage, messageOfShort } from './map-messages';
import { peerKeyOf, type PeerBook } from './peers';

function dialogPeerKey(peer: Api.TypeDialogPeer): string | null {
  return peer instanceof Api.DialogPeer ? peerKeyOf(peer.peer) : null;
}

/** Chats an update changes without a message saying so, or null when it may be any of them. */
function changedDialogs(update: unknown): string[] | null | undefined {
  if (update instanceof Api.UpdateDialogPinned) {
    const key = dialogPeerKey(update.peer);
    return key ? [key] : null;
  }
  if (update instanceof Api.UpdatePinnedDialogs) return null;
  if (update instanceof Api.UpdateNotifySettings) {
    return update.peer instanceof Api.NotifyPeer ? [peerKeyOf(update.peer.peer)] : null;
  }
  if (update instanceof Api.UpdateFolderPeers)
    return update.folderPeers.map((folderPeer) => peerKeyOf(folderPeer.peer));
  if (update instanceof Api.UpdateDialogUnreadMark) {
    const key = dialogPeerKey(update.peer);
    return key ? [key] : null;
  }
  if (update instanceof Api.UpdateChannel) return [`h${update.channelId.toString()}`];
  return undefined;
}

/** The chat events of one applied update. `selfId`: the account's own user id, if known. */
export function chatEventsOf(
  update: unknown,
  peers: PeerBook,
  selfId: string | null,
): TelegramEvent[] {
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
    const message = update.message;
    return isRawMessage(message)
      ? [{ kind: 'message-new', message: mapMessage(message, peers) }]
      : [];
  }
  if (update instanceof Api.UpdateShortMessage || update instanceof Api.UpdateShortChatMessage) {
    const message = messageOfShort(update, selfId);
    return [{ kind: 'message-new', message: mapMessage(message, peers) }];
  }
  if (update instanceof Api.UpdateEditMessage || update instanceof Api.UpdateEditChannelMessage) {
    const message = update.message;
    return isRawMessage(message)
      ? [{ kind: 'message-edited', message: mapMessage(message, peers) }]
      : [];
  }
  if (update instanceof Api.UpdateDeleteMessages)
    return [{ kind: 'messages-deleted', chatId: null, ids: [...update.messages] }];
  if (update instanceof Api.UpdateDeleteChannelMessages) {
    return [
      {
        kind: 'messages-deleted',
        chatId: `h${update.channelId.toString()}`,
        ids: [...update.messages],
      },
    ];
  }
  if (update instanceof Api.UpdateReadHistoryInbox) {
    const chatId = peerKeyOf(update.peer);
    return [{ kind: 'read', chatId, readInboxMaxId: update.maxId, readOutboxMaxId: null }];
  }
  if (update instanceof Api.UpdateReadHistoryOutbox) {
    const chatId = peerKeyOf(update.peer);
    return [{ kind: 'read', chatId, readInboxMaxId: null, readOutboxMaxId: update.maxId }];
  }
  if (update instanceof Api.UpdateReadChannelInbox) {
    const chatId = `h${update.channelId.toString()}`;
    return [{ kind: 'read', chatId, readInboxMaxId: update.maxId, readOutboxMaxId: null }];
  }
  if (update instanceof Api.UpdateReadChannelOutbox) {
    const chatId = `h${update.channelId.toString()}`;
    return [{ kind: 'read', chatId, readInboxMaxId: null, readOutboxMaxId: update.maxId }];
  }
  const chatIds = changedDialogs(update);
  if (chatIds !== undefined) return [{ kind: 'dialogs-changed', chatIds }];
  return [];
}
