// The light half of the backend module: names, the reader's preference, capability probing and the
// page-wide status. None of it loads tfjs, so components can import it on page load.
// `useBackend` (which loads tfjs) is exported from the library barrel `src/lib/index.ts`.
export * from './names';
export * from './preference';
export * from './probe';
export * from './status';
export * from './text-training-status';
