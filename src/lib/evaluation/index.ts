export {
  evaluate,
  predict,
  measureLatency,
  agreement,
  type Evaluation,
  type Prediction,
  type Latency,
  type ClassOptions,
} from './evaluate';
