import { tf } from '../tf';
import { currentPreference } from './preference';
import type { BackendChoice } from './names';
import { useBackend } from './select';

export interface SelfTestResult {
  backend: BackendChoice;
  /** Size n of the n x n matrices multiplied. */
  size: number;
  /** Milliseconds for one warm multiplication, read back to the CPU. */
  milliseconds: number;
  /** Sum of the product's entries, checked against the exact value n^3 for all-ones matrices. */
  sum: number;
  correct: boolean;
}

/**
 * Multiplies two n x n matrices of ones on the chosen backend and times it. The smallest honest
 * proof that the page can compute: the answer is known exactly (every entry equals n).
 * @param size the side of the square matrices multiplied (default 256)
 * @returns the backend, the time taken and whether the product was right
 * @example
 * const result = await backendSelfTest(64);
 * result.correct
 */
export async function backendSelfTest(size = 256): Promise<SelfTestResult> {
  const backend = await useBackend(currentPreference().preference);
  const a = tf.ones([size, size]);
  const run = async () => {
    const product = tf.matMul(a, a);
    const total = product.sum();
    const [value] = await total.data();
    tf.dispose([product, total]);
    return value;
  };
  await run(); // warm-up: compiles shaders
  const start = performance.now();
  const sum = await run();
  const milliseconds = performance.now() - start;
  a.dispose();
  return { backend, size, milliseconds, sum, correct: sum === size * size * size };
}
