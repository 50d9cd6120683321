/**
 * The chats feature as one chunk (issue 17): the account page's chat list and the conversation
 * it opens come in together, so opening a chat never waits for a second fetch.
 */
export { ChatList } from '../features/chats/chat-list';
export { ConversationView } from '../features/chats/conversation-view';
