import type { ExportedSession, SessionExportFormat } from '../../../../electron/shared/export-dto';

/**
 * The `data:` URL an exported session is saved from (besides app:, the only scheme the Electron
 * session lets through): the `.session` file's bytes from its base64, a string session as text.
 */
export function downloadUrl(session: ExportedSession, format: SessionExportFormat): string {
  return format === 'telethon-file'
    ? `data:application/octet-stream;base64,${session.text}`
    : `data:text/plain;charset=utf-8,${encodeURIComponent(session.text)}`;
}
