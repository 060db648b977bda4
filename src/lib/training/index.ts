export { train, type TrainOptions, type TrainResult, type EpochRecord, type BatchEvent } from './train';
export { resolveClasses, outputCount } from './classes';
