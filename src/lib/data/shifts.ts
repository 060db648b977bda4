/**
 * Domain shifts for the domain-adaptation lesson: the same digits, drawn a little differently.
 * Each works on one 28x28 image of grey levels (0..255) and returns a new one.
 */
import { gaussian } from './random';

export type ShiftKind = 'rotate' | 'invert' | 'noise' | 'translate' | 'thicken';
/**
 * The synthetic domain shifts a DigitSet can apply: noise, rotation, blur, invert...
 * @example
 * SHIFT_KINDS.includes('invert') // true
 */
export const SHIFT_KINDS: readonly ShiftKind[] = ['rotate', 'invert', 'noise', 'translate', 'thicken'];
const SIDE = 28;

/** Rotates every digit by `degrees` about the image centre (bilinear, black outside). */
export function rotate(image: Uint8Array, degrees: number): Uint8Array {
  const out = new Uint8Array(SIDE * SIDE);
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const c = (SIDE - 1) / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      // Inverse mapping: where in the source does this output pixel come from?
      const sx = cos * (x - c) + sin * (y - c) + c;
      const sy = -sin * (x - c) + cos * (y - c) + c;
      out[y * SIDE + x] = Math.round(sample(image, sx, sy));
    }
  }
  return out;
}

function sample(image: Uint8Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx < 0 || yy < 0 || xx >= SIDE || yy >= SIDE ? 0 : image[yy * SIDE + xx]!;
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  );
}

/** Blends towards the negative: amount 0 leaves the digit, 1 gives a black digit on white. */
export function invert(image: Uint8Array, amount: number): Uint8Array {
  const a = Math.min(Math.max(amount, 0), 1);
  return image.map((v) => Math.round(v * (1 - a) + (255 - v) * a));
}

/** Adds Gaussian noise whose standard deviation is `amount` of the full grey range (0.2 = 51 levels). */
export function noise(image: Uint8Array, amount: number, next: () => number): Uint8Array {
  return image.map((v) => clamp(v + gaussian(next) * amount * 255));
}

/** Moves the digit by `amount` pixels in a random direction (one per image), black fills the gap. */
export function translate(image: Uint8Array, amount: number, next: () => number): Uint8Array {
  const angle = next() * 2 * Math.PI;
  const dx = Math.round(Math.cos(angle) * amount);
  const dy = Math.round(Math.sin(angle) * amount);
  const out = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const sx = x - dx;
      const sy = y - dy;
      if (sx >= 0 && sy >= 0 && sx < SIDE && sy < SIDE) out[y * SIDE + x] = image[sy * SIDE + sx]!;
    }
  }
  return out;
}

/**
 * Thickens strokes by `amount` pixels (grey-level dilation: each pixel takes the brightest value
 * within that radius); a negative amount thins them (erosion).
 */
export function thicken(image: Uint8Array, amount: number): Uint8Array {
  const r = Math.round(Math.abs(amount));
  if (r === 0) return image.slice();
  const grow = amount > 0;
  const out = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let best = grow ? 0 : 255;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          if (dx * dx + dy * dy > r * r) continue;
          const xx = x + dx;
          const yy = y + dy;
          const v = xx < 0 || yy < 0 || xx >= SIDE || yy >= SIDE ? 0 : image[yy * SIDE + xx]!;
          best = grow ? Math.max(best, v) : Math.min(best, v);
        }
      }
      out[y * SIDE + x] = best;
    }
  }
  return out;
}

function clamp(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v)));
}
