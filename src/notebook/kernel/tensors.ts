/**
 * Tensors in a cell's output: found among the values shown (bounded, like every walk here), read
 * with `await tensor.data()` before formatting (never synchronously: on WebGPU that is slow, and in
 * a worker unreliable), and written as nested text cut to the first and last entries of each axis.
 */
import { formatNumber } from '../numbers';
import { attempt, clip, firstElements, ownKeys, ownProperty } from './walk';

/** Entries shown per tensor dimension (first ones, an ellipsis, last ones). */
const TENSOR_EDGE = 3;

export interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  isDisposed?: boolean;
  dataSync(): ArrayLike<number | string | boolean>;
  data(): Promise<ArrayLike<number | string | boolean>>;
}

type TensorData = ArrayLike<number | string | boolean>;
/** Values read with `await tensor.data()` just before formatting. */
const readValues = new WeakMap<object, TensorData>();

/** Reads the values of every tensor among `values` (and one level inside arrays and objects). */
export async function readTensors(values: readonly unknown[]): Promise<void> {
  const found = new Set<TensorLike>();
  const visit = (value: unknown, depth: number) => {
    if (isTensor(value)) found.add(value);
    else if (depth < 2) for (const inner of innerValues(value)) visit(inner, depth + 1);
  };
  for (const value of values) visit(value, 0);
  await Promise.all(
    [...found]
      .filter((tensor) => !tensor.isDisposed)
      .map(async (tensor) => readValues.set(tensor, await tensor.data())),
  );
}

/** The first few values inside an array or plain object (where a tensor might hide). */
function innerValues(value: unknown): unknown[] {
  return attempt(
    () => {
      if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
      if (Array.isArray(value)) return firstElements(value, 50);
      if (value instanceof Map || value instanceof Set || isTensor(value)) return [];
      const keys = ownKeys(value).slice(0, 50);
      return keys.map((key) => ownProperty(value, key).value);
    },
    () => [],
  );
}

/** Whether formatting these values needs `readTensors` first. */
export function containsTensor(values: readonly unknown[]): boolean {
  return values.some((value) => isTensor(value) || innerValues(value).some(isTensor));
}

export function isTensor(value: unknown): value is TensorLike {
  return attempt(
    () => {
      const v = value as Partial<TensorLike> | null;
      return (
        typeof v === 'object' &&
        v !== null &&
        Array.isArray(v.shape) &&
        typeof v.dtype === 'string' &&
        typeof v.dataSync === 'function'
      );
    },
    () => false,
  );
}

/** Nested text of a tensor's values, with long dimensions cut to their first and last entries. */
export function tensorValues(tensor: TensorLike): string {
  if (tensor.isDisposed) return '(disposed)';
  const data = readValues.get(tensor);
  if (!data) return '(values not read: use show(tensor) or await tensor.data())';
  const shape = tensor.shape;
  const format = (x: number | string | boolean) =>
    typeof x === 'number' ? formatNumber(x) : JSON.stringify(x);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const render = (axis: number, offset: number): string => {
    if (axis === shape.length) return format(data[offset]!);
    const length = shape[axis]!;
    const indices =
      length > 2 * TENSOR_EDGE + 1
        ? [...range(0, TENSOR_EDGE), -1, ...range(length - TENSOR_EDGE + 1, length)]
        : range(0, length);
    const parts = indices.map((i) => (i < 0 ? '…' : render(axis + 1, offset + i * strides[axis]!)));
    const separator = axis === shape.length - 1 ? ', ' : `,\n${' '.repeat(axis + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  return clip(render(0, 0));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
