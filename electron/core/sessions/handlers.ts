import type { Handlers } from '../../shared/contract';
import type { SessionImportService } from './import-service';

type SessionImportChannel =
  'sessions:preview' | 'sessions:import' | 'sessions:import-cancel' | 'sessions:import-status';

/** The session import's IPC handlers (issue 15), for the composition root. */
export function createSessionImportHandlers(service: SessionImportService) {
  return {
    'sessions:preview': ({ items }) => service.preview(items),
    'sessions:import': ({ previewId, rowIds }) => service.start(previewId, rowIds),
    'sessions:import-cancel': () => service.cancel(),
    'sessions:import-status': () => Promise.resolve(service.job()),
  } satisfies Pick<Handlers, SessionImportChannel>;
}
