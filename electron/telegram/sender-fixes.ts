/**
 * What the adapter changes of every MTProtoSender GramJS 2.26 makes, for its own DC or another:
 * its memory of the traffic (sender-memory.ts), how it sends and receives (pushed-sender.ts), how
 * it reads a container, and how it settles `get_future_salts`.
 *
 * GramJS reads a `msg_container`'s messages one after the other, and an `rpc_error` answer
 * throws out of that loop (after failing its own request): every later message of the same
 * container is dropped. Telegram packs the answers it has ready into one container, so a call
 * that failed took the answers of the calls beside it with it, and those calls waited for their
 * timeout. Seen against the local DC: `updates.getState` and the standing check's
 * `users.getUsers` of a deactivated account answered in one container, and the second never
 * settled. Each message of a container is now read whatever the one before it did; the first
 * error is thrown afterwards, to the receive loop, as before.
 *
 * `future_salts`, the answer to `get_future_salts`, comes as a message of its own (not in an
 * `rpc_result`) and names its request in `req_msg_id`. GramJS looks the request up by the
 * answer's own msg id, finds nothing, and the call waits for its timeout. It is looked up by
 * `req_msg_id` now.
 */
import { Api } from 'telegram';
import { MessageContainer } from 'telegram/tl/core';
import { pushSender } from './pushed-sender';
import { trimSenderMemory } from './sender-memory';

/** What this file changes of GramJS's MTProtoSender (private there). */
interface ContainerInternals {
  _handlers: Record<string, (message: { obj: { messages: unknown[] } }) => Promise<void>>;
  _processMessage(message: unknown): Promise<void>;
}

/** Reads every message of a container, also after one of them failed. */
export function readWholeContainers(sender: unknown): void {
  const internals = sender as ContainerInternals;
  internals._handlers[MessageContainer.CONSTRUCTOR_ID.toString()] = async (message) => {
    let failed: { error: unknown } | null = null;
    for (const inner of message.obj.messages) {
      try {
        await internals._processMessage(inner);
      } catch (error) {
        failed ??= { error };
      }
    }
    if (failed) throw failed.error;
  };
}

/** What `answerFutureSalts` changes of GramJS's MTProtoSender (private there). */
interface FutureSaltsInternals {
  _handlers: Record<string, (message: { obj: Api.FutureSalts }) => Promise<void>>;
  _pendingState: {
    getAndDelete(
      msgId: Api.FutureSalts['reqMsgId'],
    ): { resolve(answer: unknown): void } | undefined;
  };
}

/** Settles a `get_future_salts` call with its answer. */
export function answerFutureSalts(sender: unknown): void {
  const internals = sender as FutureSaltsInternals;
  internals._handlers[Api.FutureSalts.CONSTRUCTOR_ID.toString()] = (message) => {
    internals._pendingState.getAndDelete(message.obj.reqMsgId)?.resolve(message.obj);
    return Promise.resolve();
  };
}

/** Every change above, on one sender. */
export function fixSender(sender: unknown): void {
  trimSenderMemory(sender);
  readWholeContainers(sender);
  answerFutureSalts(sender);
  pushSender(sender);
}

/**
 * Fixes every sender the client makes for its own DC (one per connect, again after `_switchDC`),
 * and hands each to `prepare` before it sends anything.
 */
export function fixEveryMainSender(
  client: object,
  prepare: (sender: unknown) => void = () => undefined,
): void {
  let current: unknown = (client as { _sender?: unknown })._sender;
  Object.defineProperty(client, '_sender', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (sender: unknown) => {
      if (sender) {
        fixSender(sender);
        prepare(sender);
      }
      current = sender;
    },
  });
}
