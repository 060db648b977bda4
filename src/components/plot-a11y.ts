/**
 * Observable Plot labels each mark's <g> with aria-label ("line", "rule"...) but gives it no role,
 * and ARIA forbids naming an element without one (axe: aria-prohibited-attr, serious). SVG's
 * accessibility mapping makes a named <g> a group, so we say so. Call it on every Plot figure
 * before it enters the page.
 */
export function withGroupRoles<T extends Element>(figure: T): T {
  for (const group of figure.querySelectorAll('g[aria-label]:not([role])')) {
    group.setAttribute('role', 'group');
  }
  return figure;
}
