export {
  train,
  type TrainOptions,
  type TrainResult,
  type EpochRecord,
  type BatchEvent,
  type DistillFrom,
  type DistillSource,
} from './train';
export { distill, type DistillOptions } from './distill';
