// The light half of the backend module: names, the reader's preference, capability probing and the
// page-wide status. None of it loads tfjs, so components can import it on page load.
// `useBackend` (which loads tfjs) is exported from the library barrel `src/lib/index.ts`.
export * from './names';
export * from './preference';
// Not re-exported (their modules' importers use them directly): `webglCanvas` (the probe's canvas
// choice), `describeActive` (the indicator's wording) and `TEXT_TRAINING_LABELS`.
export {
  describeAdapter,
  probeWebGpu,
  probeWebGl,
  probeWasm,
  probeBackends,
  plannedBackend,
  navigatorGpu,
  type Capability,
  type BackendProbe,
  type CanvasContext,
  type WebGlCanvasKind,
  type PlannedBackend,
} from './probe';
export { publishActiveBackend, onActiveBackend, type ActiveBackend, type ActiveSummary } from './status';
export {
  publishTextTrainingBackend,
  onTextTrainingBackend,
  textTrainingStatus,
  type TextTrainingBackend,
  type TextTrainingStatus,
} from './text-training-status';
