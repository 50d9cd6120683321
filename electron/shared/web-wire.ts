import type { EventName } from './contract';
import type { AppError, Envelope } from './errors';

/**
 * The messages the web host and the renderer's web transport exchange over the WebSocket, as
 * JSON text frames. The page's first message is `auth`; until it carries the printed token, the
 * host routes no call and sends no event.
 */
export interface WebAuthMessage {
  type: 'auth';
  token: string;
}

export interface WebInvokeMessage {
  type: 'invoke';
  id: number;
  channel: string;
  payload?: unknown;
}

export type WebClientMessage = WebAuthMessage | WebInvokeMessage;

/** The token was accepted: calls are routed and events flow from now on. */
export interface WebReadyMessage {
  type: 'ready';
}

export interface WebResultMessage {
  type: 'result';
  id: number;
  envelope: Envelope<unknown>;
}

export interface WebEventMessage {
  type: 'event';
  event: EventName;
  payload: unknown;
}

/** A frame that was not a valid call (no id to answer to). */
export interface WebErrorMessage {
  type: 'error';
  error: AppError;
}

export type WebServerMessage =
  WebReadyMessage | WebResultMessage | WebEventMessage | WebErrorMessage;

/** WebSocket close codes (the 4000–4999 range is the application's). */
export const webCloseCodes = {
  /** The first message was not `auth` with the right token. */
  unauthorized: 4401,
  /** No `auth` message arrived in time. */
  authTimeout: 4408,
} as const;

/** The fragment parameter of the printed URL: `http://127.0.0.1:PORT/#token=T`. */
export const webTokenParam = 'token';
