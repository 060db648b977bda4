export { distillationLoss, softTargets, type DistillationSettings } from './loss';
export { logitsOf, pickLogits, topAnswers, type Logits } from './logits';
export { chooseBias, withRaisedBias, type BiasChoice } from './bias';
