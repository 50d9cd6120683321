export { createUpdateHandlers } from './handlers';
export {
  createUpdateService,
  DEFAULT_CHECK_INTERVAL_MS,
  sanitizeUpdateMessage,
  type UpdateService,
  type UpdateServiceOptions,
} from './update-service';
