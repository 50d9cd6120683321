/**
 * Where a new row goes in the list the renderer holds, without walking the list (issue 17): the
 * account manager's patches name each added row's index, and a restore adds rows on nearly every
 * push, so an O(N) walk per push made a restore O(N²).
 *
 * Each account has a rank: its place in the user's order, or (not in the order yet) after the
 * order, in the order accounts arrived, as `inOrder` sorts them. A Fenwick tree over the ranks
 * counts the rows held before a rank in O(log N). The ranks follow one `order` array: when the
 * order changes, the index is built again from the rows held (an O(N) step that the order
 * changes, not the pushes, pay).
 */
export class RowIndex {
  #order: readonly string[] = [];
  #orderLength = 0;
  /** Fenwick tree, 1-based: `#tree[i]` counts held ranks in (i − lowbit(i), i]. */
  #tree = new Int32Array(1);
  readonly #rankOf = new Map<string, number>();
  readonly #idAt = new Map<number, string>();
  readonly #held = new Set<string>();
  #nextRank = 0;

  /** Whether `id` is a row of the list the listeners hold. */
  has(id: string): boolean {
    return this.#held.has(id);
  }

  get size(): number {
    return this.#held.size;
  }

  /** The listeners now hold exactly `ids` (a whole list went out), ranked by `order`. */
  reset(order: readonly string[], ids: Iterable<string>): void {
    this.#rank(order, ids);
  }

  /**
   * Adds rows (accounts that arrived after `order` was read keep arrival order) and returns each
   * with its index in the list after all of them are in, ascending.
   */
  add(order: readonly string[], ids: readonly string[]): { id: string; index: number }[] {
    if (order !== this.#order || order.length !== this.#orderLength) this.#rank(order, this.#held);
    const fresh = ids.filter((id) => !this.#held.has(id));
    for (const id of fresh) {
      this.#held.add(id);
      this.#bump(this.#rankFor(id), 1);
    }
    return fresh
      .map((id) => this.#rankFor(id))
      .sort((a, b) => a - b)
      .map((rank) => ({ id: this.#idAt.get(rank) ?? '', index: this.#countBefore(rank) }));
  }

  remove(id: string): void {
    if (!this.#held.delete(id)) return;
    const rank = this.#rankOf.get(id);
    if (rank !== undefined) this.#bump(rank, -1);
  }

  /** The held row that comes first in the list, or null when none is held. */
  first(): string | null {
    if (this.#held.size === 0) return null;
    // The smallest rank whose prefix count is 1: a descent through the tree.
    let position = 0;
    let remaining = 1;
    for (let step = highestBit(this.#tree.length - 1); step > 0; step >>= 1) {
      const next = position + step;
      if (next < this.#tree.length && (this.#tree[next] ?? 0) < remaining) {
        position = next;
        remaining -= this.#tree[next] ?? 0;
      }
    }
    return this.#idAt.get(position) ?? null;
  }

  /** Ranks from `order`, then every held id not in it after, and the tree over `held`. */
  #rank(order: readonly string[], held: Iterable<string>): void {
    const ids = [...held];
    this.#order = order;
    this.#orderLength = order.length;
    this.#held.clear();
    this.#rankOf.clear();
    this.#idAt.clear();
    this.#nextRank = 0;
    this.#tree = new Int32Array(Math.max(16, (order.length + ids.length) * 2) + 1);
    for (const id of order) this.#rankFor(id);
    for (const id of ids) {
      this.#held.add(id);
      this.#bump(this.#rankFor(id), 1);
    }
  }

  #rankFor(id: string): number {
    const known = this.#rankOf.get(id);
    if (known !== undefined) return known;
    const rank = this.#nextRank++;
    this.#rankOf.set(id, rank);
    this.#idAt.set(rank, id);
    if (rank + 1 >= this.#tree.length) this.#grow();
    return rank;
  }

  #grow(): void {
    this.#tree = new Int32Array(this.#tree.length * 2);
    for (const id of this.#held) {
      const rank = this.#rankOf.get(id);
      if (rank !== undefined) this.#bump(rank, 1);
    }
  }

  #bump(rank: number, delta: number): void {
    for (let i = rank + 1; i < this.#tree.length; i += i & -i)
      this.#tree[i] = (this.#tree[i] ?? 0) + delta;
  }

  /** How many held rows rank before `rank`. */
  #countBefore(rank: number): number {
    let sum = 0;
    for (let i = rank; i > 0; i -= i & -i) sum += this.#tree[i] ?? 0;
    return sum;
  }
}

function highestBit(n: number): number {
  let bit = 1;
  while (bit * 2 <= n) bit *= 2;
  return n > 0 ? bit : 0;
}
