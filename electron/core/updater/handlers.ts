import type { Handlers } from '../../shared/contract';
import type { UpdateService } from './update-service';

/** The `update:*` channels, backed by the update service. */
export function createUpdateHandlers(service: UpdateService) {
  return {
    'update:status': () => Promise.resolve(service.getState()),
    'update:check': () => service.check(),
    'update:download': () => service.download(),
    'update:install': () => {
      service.install();
      return Promise.resolve(null);
    },
  } satisfies Pick<
    Handlers,
    'update:status' | 'update:check' | 'update:download' | 'update:install'
  >;
}
