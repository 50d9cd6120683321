/** What the vault found wrong with its files, as `VaultStatus.attention` reports it. */
import path from 'node:path';
import type { VaultAttention } from '../../shared/dto';

export class AttentionList {
  readonly #dir: string;
  #items: VaultAttention[] = [];

  /** Paths are reported relative to `dir`, the vault's folder. */
  constructor(dir: string) {
    this.#dir = dir;
  }

  get size(): number {
    return this.#items.length;
  }

  /** Adds `entry`, replacing an earlier one about the same file. */
  add(entry: VaultAttention): void {
    const relative = (file: string) => path.relative(this.#dir, file) || file;
    const item = { ...entry, file: relative(entry.file), movedTo: relative(entry.movedTo) };
    this.#items = [...this.#items.filter((other) => other.file !== item.file), item];
  }

  some(predicate: (item: VaultAttention) => boolean): boolean {
    return this.#items.some(predicate);
  }

  remove(predicate: (item: VaultAttention) => boolean): void {
    this.#items = this.#items.filter((item) => !predicate(item));
  }

  /** Copies, so callers cannot change the list. */
  list(): VaultAttention[] {
    return this.#items.map((item) => ({ ...item }));
  }
}
