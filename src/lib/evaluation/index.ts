export {
  evaluate,
  predict,
  measureLatency,
  agreement,
  predictedDigits,
  type Evaluation,
  type Prediction,
  type Latency,
  type ClassOptions,
} from './evaluate';
export { accuracy, countMatches } from './accuracy';
