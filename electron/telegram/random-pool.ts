/**
 * Random bytes for GramJS's hot paths, cut from a pool the system's CSPRNG fills 4 KB at a time.
 *
 * GramJS 2.26 asks `crypto.randomBytes` for every message it sends (12–27 bytes of padding) and
 * for every new sender's session id (8 bytes). Each call is a synchronous job of Node's crypto
 * binding plus two buffers, and a profile of a 10,000-account restore had 4.6 % of the process's
 * CPU under those calls. The bytes are the same CSPRNG's; each is handed out once, the copy
 * returned is the caller's own, and the pool's range is zeroed as it is handed out. Requests
 * larger than a quarter of the pool (none on those paths) go to `randomBytes` directly. The
 * keep-alive's ping ids (one per connection every 30 s) come from here too.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let used = 0;

/** `count` fresh random bytes, in a buffer of the caller's own. */
export function randomBytesOf(count: number): Buffer {
  if (count > POOL_BYTES / 4) return randomBytes(count);
  if (used + count > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + count));
  pool.fill(0, used, used + count);
  used += count;
  return bytes;
}
