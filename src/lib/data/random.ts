/**
 * A tiny seeded random generator (mulberry32). Everything the library shuffles or samples goes
 * through it, so the same seed gives the same digits, batches and weights on every machine.
 * scripts/data.mjs imports it, so the committed split is built with the same numbers.
 * @param seed any whole number
 * @returns a function giving the same numbers in [0, 1) for the same seed
 * @example
 * const random = seededRandom(1);
 * random() === seededRandom(1)() // true
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle in place, driven by `next`. */
export function shuffleInPlace<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A standard normal sample (Box-Muller) from a uniform generator. */
export function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
