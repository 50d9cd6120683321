/** Session export (issue 15): the formats and the answer of `accounts:export`. */

export const sessionExportFormats = ['gramjs', 'telethon', 'pyrogram', 'telethon-file'] as const;

export type SessionExportFormat = (typeof sessionExportFormats)[number];

/**
 * One exported account. `text` is the session itself (a string session, or the Telethon
 * `.session` file in base64): a secret the user asked for, never logged, cached or pushed.
 */
export interface ExportedSession {
  accountId: string;
  displayName: string;
  /** The name to save it under, e.g. `alice-demo.gramjs-session.txt` or `alice-demo.session`. */
  fileName: string;
  text: string;
}
