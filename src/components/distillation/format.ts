/** How the demo writes numbers: one place, so the table and the summary agree. */

export const percent = (share: number, digits = 1) =>
  Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : '–';

export const integer = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–';

export const kilobytes = (kb: number) => (kb >= 100 ? `${kb.toFixed(0)} KB` : `${kb.toFixed(1)} KB`);

export function milliseconds(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 0.1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '–');

export function seconds(value: number): string {
  return value >= 60 ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${value.toFixed(1)} s`;
}
