export { createUpdateHandlers } from './handlers';
export {
  createUpdateService,
  DEFAULT_CHECK_INTERVAL_MS,
  intervalScheduler,
  sanitizeUpdateMessage,
  type Scheduler,
  type UpdateService,
  type UpdateServiceOptions,
} from './update-service';
