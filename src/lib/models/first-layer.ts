/**
 * A first convolutional layer applied to one grey image in plain numbers (no tensors): what the
 * lesson's filter figure shows for a digit the reader draws. Same arithmetic as the CNN's `conv1`
 * (3x3 kernels, 'valid' padding, stride 1, bias, ReLU), on pixels scaled to 0..1 as the model sees them.
 */

/**
 * @param image side*side values in 0..1, row-major
 * @param kernel size*size weights, row-major (the layer's kernel[y][x][0][filter])
 * @returns (side-size+1)^2 activations, max(0, sum + bias)
 */
export function convolveValid(
  image: ArrayLike<number>,
  side: number,
  kernel: readonly number[],
  size: number,
  bias: number,
): Float32Array {
  if (image.length !== side * side) throw new Error(`Expected ${side * side} pixels, got ${image.length}.`);
  if (kernel.length !== size * size)
    throw new Error(`Expected a ${size}x${size} kernel, got ${kernel.length} weights.`);
  const out = side - size + 1;
  const result = new Float32Array(out * out);
  for (let y = 0; y < out; y++) {
    for (let x = 0; x < out; x++) {
      let sum = bias;
      for (let ky = 0; ky < size; ky++) {
        for (let kx = 0; kx < size; kx++) sum += image[(y + ky) * side + x + kx]! * kernel[ky * size + kx]!;
      }
      result[y * out + x] = Math.max(0, sum);
    }
  }
  return result;
}
