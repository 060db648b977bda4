import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files share modules within a worker instead of importing tfjs, ONNX Runtime and the
    // library again for each of the 72 files: 65 s -> 42 s on 2 cores, 84 -> 55 processor-seconds.
    // A file that needs a tfjs backend sets it (no file may rely on the one an earlier file left);
    // the suite passed in three shuffled file orders (--sequence.shuffle.files) when this was set.
    isolate: false,
  },
});
