/** `ids` with the item at `from` moved to `to` (both clamped); the input is not changed. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  if (from < 0 || from >= result.length) return result;
  const target = Math.max(0, Math.min(result.length - 1, to));
  const [item] = result.splice(from, 1);
  if (item === undefined) return [...items];
  result.splice(target, 0, item);
  return result;
}

/** The account shortcut (1–9) a key event asks for, or null: Ctrl+digit, or Cmd+digit on macOS. */
export function shortcutIndex(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): number | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  if (!/^[1-9]$/.test(event.key)) return null;
  return Number(event.key) - 1;
}
