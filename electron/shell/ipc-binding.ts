/**
 * Binds the contract's channels to Electron IPC and forwards push events to the window. The
 * router validates payloads and checks the frame's origin; this layer adds what only Electron
 * knows: the call must come from the main frame of our own window.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventBus } from '../core/ipc/event-bus';
import type { Router, SenderInfo } from '../core/ipc/router';
import type { Logger } from '../core/ports';
import { channelNames, eventChannel } from '../shared/channel-names';
import type { Envelope } from '../shared/errors';

/** The part of an invoke event the sender check reads. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * True when the call comes from the top-level frame of `contents` (our window). Subframes,
 * other windows and frames that navigated away (senderFrame null) are refused.
 */
export function isFromMainFrameOf(event: InvokeEventLike, contents: WebContents | null): boolean {
  if (contents === null || contents.isDestroyed()) return false;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null;
}

const forbidden: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'This caller is not allowed.' },
};

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  router: Router;
  /** The webContents of the app window, or null while there is none. */
  windowContents: () => WebContents | null;
  logger: Logger;
}

/** Registers one handler per contract channel; returns the function that removes them. */
export function bindIpc(options: IpcBindingOptions): () => void {
  const log = options.logger.child({ scope: 'ipc' });
  for (const channel of channelNames) {
    options.ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isFromMainFrameOf(event, options.windowContents())) {
        log.log('warn', 'Refused a call from a frame that is not the app window', { channel });
        return Promise.resolve(forbidden);
      }
      const sender: SenderInfo = { transport: 'electron', url: event.senderFrame?.url ?? null };
      return options.router.dispatch(channel, args[0], sender);
    });
  }
  return () => {
    for (const channel of channelNames) options.ipcMain.removeHandler(channel);
  };
}

/** Sends every push event to the app window; returns the function that stops forwarding. */
export function forwardEvents(
  events: EventBus,
  windowContents: () => WebContents | null,
): () => void {
  return events.subscribe((event, payload) => {
    const contents = windowContents();
    if (contents === null || contents.isDestroyed()) return;
    contents.send(eventChannel(event), payload);
  });
}
