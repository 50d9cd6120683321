export { createTwoStepHandlers } from './handlers';
export {
  createTwoStepService,
  type NewTwoStepPassword,
  type TwoStepService,
  type TwoStepServiceOptions,
} from './two-step-service';
