/**
 * The placeholder avatar of an account or a chat: initials and a stable colour index (one of
 * `avatarColors`, styled by the renderer). Accounts (core) and chats (the Telegram adapter) use
 * the same rules, so a person looks the same in the sidebar and in a chat list.
 */

export const avatarColors = 8;

/** Up to two initials, upper case; `?` when the name has none. */
export function initialsOf(name: string): string {
  const words = name.replace(/^@/, '').split(/\s+/).filter(Boolean);
  const letters = words
    .slice(0, 2)
    .map((w) => String.fromCodePoint(w.codePointAt(0) ?? 63).toUpperCase());
  return letters.join('') || '?';
}

/** A colour index from an id (a user, chat or channel id), the same on every run. */
export function colorIndexOf(id: string): number {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % avatarColors;
}
