/** The shell's message notifications (issue 16): one per chat, a click opens, the lock closes. */
import { EventEmitter } from 'node:events';
import type { Notification } from 'electron';
import { expect, test } from 'vitest';
import { createMessageNotifier } from '../../../electron/shell/notifications';
import type { MessageNotification } from '../../../electron/shared/chat-dto';
import { createRecordingLogger } from '../../support/logger';

class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported() {
    return true;
  }
  isShown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show() {
    this.isShown = true;
  }
  close() {
    this.isShown = false;
    this.emit('close');
  }
}

const alert = (chatId: string, body: string): MessageNotification => ({
  tag: `a1:${chatId}`,
  group: 'a1',
  accountId: 'a1',
  chatId,
  title: 'Bob (Alice)',
  body,
});

test('one notification per chat, a click opens its chat, the lock closes them all', () => {
  FakeNotification.instances = [];
  const opened: string[] = [];
  const logger = createRecordingLogger();
  const notifier = createMessageNotifier(
    { Notification: FakeNotification as unknown as typeof Notification, logger },
    { openChat: (accountId, chatId) => opened.push(`${accountId}:${chatId}`) },
  );
  notifier.show(alert('u2', 'first'));
  notifier.show(alert('u2', 'second'));
  notifier.show(alert('u3', 'other chat'));
  const [first, second, third] = FakeNotification.instances;
  expect(first?.isShown).toBe(false);
  expect(second?.options).toEqual({ title: 'Bob (Alice)', body: 'second', silent: false });
  expect(second?.isShown).toBe(true);
  second?.emit('click');
  expect(opened).toEqual(['a1:u2']);
  notifier.closeAll();
  expect(third?.isShown).toBe(false);
  expect(logger.text()).not.toContain('second');
});
