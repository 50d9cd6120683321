/**
 * Which accounts the sidebar has selected for a bulk action (issue 15): Ctrl/Cmd-click toggles,
 * Shift-click selects the range from the last toggled account, Ctrl/Cmd+A selects every account
 * the filter shows, Escape clears. Plain functions, so the rules are tested without a page.
 */
export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** Where a Shift range starts: the account last clicked or toggled. */
  readonly anchor: string | null;
}

export const noSelection: Selection = { ids: new Set(), anchor: null };

/**
 * Ctrl/Cmd-click. The first one after a plain click selects both accounts, as file lists do: the
 * account clicked last (the anchor) counts as selected until the selection has members.
 */
export function toggleSelected(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.size === 0 && selection.anchor !== null && selection.anchor !== id) {
    ids.add(selection.anchor);
  }
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/** The accounts from the anchor to `id`, in the order shown (just `id` without an anchor). */
export function selectRange(
  selection: Selection,
  visibleIds: readonly string[],
  id: string,
): Selection {
  const to = visibleIds.indexOf(id);
  const from = selection.anchor === null ? -1 : visibleIds.indexOf(selection.anchor);
  if (to < 0) return selection;
  if (from < 0) return { ids: new Set([id]), anchor: id };
  const [start, end] = from < to ? [from, to] : [to, from];
  return { ids: new Set(visibleIds.slice(start, end + 1)), anchor: selection.anchor };
}

export function selectAll(visibleIds: readonly string[]): Selection {
  return { ids: new Set(visibleIds), anchor: visibleIds[0] ?? null };
}

/** Drops accounts that are no longer listed (removed, or hidden by the filter). */
export function keepListed(selection: Selection, listedIds: readonly string[]): Selection {
  // Nothing selected (the usual case): no set of every listed id to build.
  if (selection.ids.size === 0) return selection;
  const listed = new Set(listedIds);
  if ([...selection.ids].every((id) => listed.has(id))) return selection;
  const ids = new Set([...selection.ids].filter((id) => listed.has(id)));
  const anchor =
    selection.anchor !== null && listed.has(selection.anchor) ? selection.anchor : null;
  return { ids, anchor };
}

/** "3 accounts selected" for the live region; '' with none. */
export function selectedText(count: number): string {
  if (count === 0) return '';
  return count === 1 ? '1 account selected' : `${count.toLocaleString('en')} accounts selected`;
}

/** "1 account", "12 accounts": the count a confirmation names. */
export function accountsText(count: number): string {
  return count === 1 ? '1 account' : `${count.toLocaleString('en')} accounts`;
}
