import { tf } from '../tf';

/**
 * Live tensors on the current backend: widgets publish it so tests can check nothing leaks.
 * @returns how many tensors are alive now
 * @example
 * liveTensorCount()
 */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
