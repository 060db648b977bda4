/** Numbers formatted for people, the same in the kernel's text and the page's tables. */

/** 1,234,567 for integers, six significant digits otherwise, exponent for the very small or large. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toLocaleString('en-US');
  const size = Math.abs(n);
  if (size >= 1e-4 && size < 1e15) return n.toLocaleString('en-US', { maximumSignificantDigits: 6 });
  return n.toExponential(4);
}
