/**
 * The single place the library imports tfjs from. Everything outside `src/lib/` reaches tfjs
 * through the library (and code cells get it as `tf` in scope), never by importing it directly.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type { Tensor, Rank, LayersModel, Sequential } from '@tensorflow/tfjs';
