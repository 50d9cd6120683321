/**
 * What the adapter changes of GramJS's sender memory keeps GramJS's behaviour: the received msg
 * ids answer GramJS's repeat check exactly as its array of strings did, and a packet or key
 * handed on no longer shares Node's buffer slabs.
 */
import { describe, expect, test } from 'vitest';
import { ownBuffer, ReceivedMsgIds } from '../../../electron/telegram/sender-memory';

/** MTProtoState.decryptMessageData's check and bookkeeping, verbatim, on either store. */
function receive(
  store: {
    includes(id: string): boolean;
    push(id: string): number;
    shift(): unknown;
    length: number;
  },
  id: string,
): boolean {
  const isRepeat = store.includes(id);
  if (store.length > 500) store.shift();
  store.push(id);
  return isRepeat;
}

describe('ReceivedMsgIds', () => {
  test('refuses the same msg ids as GramJS’s array, over 5,000 packets with repeats', () => {
    const strings: string[] = [];
    const compact = new ReceivedMsgIds();
    let id = 7_300_000_000_000_000_000n;
    let repeats = 0;
    for (let i = 0; i < 5_000; i++) {
      id += 4n + BigInt(i % 7) * 4n;
      // Every 10th packet repeats one from 1 to 700 packets back (some beyond GramJS's 501).
      const sent = i % 10 === 9 ? (id - BigInt((i * 37) % 700) * 16n).toString() : id.toString();
      const expected = receive(strings, sent);
      expect(receive(compact, sent)).toBe(expected);
      if (expected) repeats++;
      expect(compact.length).toBe(strings.length);
    }
    expect(repeats).toBeGreaterThan(100);
  });

  test('ids compare as GramJS reads them: signed 64-bit integers in decimal', () => {
    const compact = new ReceivedMsgIds();
    compact.push('-7300000000000000001');
    compact.push('7300000000000000001');
    expect(compact.includes('-7300000000000000001')).toBe(true);
    expect(compact.includes('7300000000000000001')).toBe(true);
    expect(compact.includes('7300000000000000005')).toBe(false);
  });
});

describe('ownBuffer', () => {
  test('a small slice gets memory of its own, with the same bytes', () => {
    const slab = Buffer.from('a packet of a few bytes, cut from a shared slab');
    const slice = slab.subarray(2, 10);
    const own = ownBuffer(slice);
    expect(own.equals(slice)).toBe(true);
    expect(own.buffer.byteLength).toBe(8);
    expect(own.buffer).not.toBe(slab.buffer);
  });
});
