/**
 * Server message ids: time-based (unix seconds in the high 32 bits), strictly increasing across
 * the DC, and ≡ 1 mod 4 for responses or ≡ 3 mod 4 for messages the server sends on its own.
 */
export class MsgIdGenerator {
  private last = 0n;

  /** The next id; `isResponse` selects the residue mod 4. */
  next(isResponse: boolean): bigint {
    const now = Date.now();
    let id = (BigInt(Math.floor(now / 1000)) << 32n) | (BigInt(now % 1000) << 22n);
    if (id <= this.last) id = this.last + 1n;
    const want = isResponse ? 1n : 3n;
    while ((id & 3n) !== want) id++;
    this.last = id;
    return id;
  }
}

/** Unix seconds encoded in a message id. */
export function msgIdSeconds(msgId: bigint): number {
  return Number(msgId >> 32n);
}
