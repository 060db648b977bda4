export { distillationLoss, softTargets, type DistillationSettings } from './loss';
export { distill, type DistillOptions } from './distill';
export { teacherLogits, pickLogits, topAnswers, type TeacherLogits } from './logits';
