/**
 * What a chart from a code cell may contain: the Observable Plot marks, transforms and option keys
 * the page agrees to draw, and the one rule for URLs. The kernel's helpers use these lists to give
 * the reader an early, clear error; the page applies them again (host/chart-safety.ts), because
 * reader code can post a chart description without going through the helpers.
 */

export const MARKS = [
  'area',
  'areaX',
  'areaY',
  'arrow',
  'axisX',
  'axisY',
  'barX',
  'barY',
  'cell',
  'cellX',
  'cellY',
  'dot',
  'dotX',
  'dotY',
  'frame',
  'gridX',
  'gridY',
  'image',
  'line',
  'lineX',
  'lineY',
  'link',
  'rect',
  'rectX',
  'rectY',
  'ruleX',
  'ruleY',
  'text',
  'textX',
  'textY',
  'tickX',
  'tickY',
  'tip',
  'vector',
] as const;

export const TRANSFORMS = ['binX', 'binY', 'groupX', 'groupY', 'normalizeY', 'windowY', 'stackY'] as const;

export type MarkName = (typeof MARKS)[number];
export type TransformName = (typeof TRANSFORMS)[number];

/** Channels and constant options a mark (or a transform's outputs and options) may carry. */
export const MARK_OPTION_KEYS: ReadonlySet<string> = new Set([
  // position and grouping channels
  ...['x', 'y', 'x1', 'x2', 'y1', 'y2', 'z', 'fx', 'fy', 'facet', 'filter', 'sort', 'reverse'],
  // style channels and constants
  ...['fill', 'stroke', 'fillOpacity', 'strokeOpacity', 'opacity', 'strokeWidth', 'strokeDasharray'],
  ...['strokeDashoffset', 'strokeLinecap', 'strokeLinejoin', 'strokeMiterlimit', 'mixBlendMode'],
  ...['shapeRendering', 'paintOrder', 'r', 'symbol', 'rotate', 'width', 'height', 'length', 'shape'],
  ...['rx', 'ry', 'dx', 'dy', 'inset', 'insetTop', 'insetRight', 'insetBottom', 'insetLeft'],
  ...['curve', 'tension', 'marker', 'markerStart', 'markerMid', 'markerEnd', 'bend', 'headAngle'],
  ...['headLength', 'frameAnchor', 'anchor', 'interval', 'thresholds', 'domain', 'cumulative', 'k'],
  ...['reduce', 'offset', 'order', 'basis', 'tip', 'clip', 'preserveAspectRatio', 'imageRendering'],
  // text
  ...['text', 'title', 'fontSize', 'fontFamily', 'fontWeight', 'fontStyle', 'fontVariant'],
  ...['textAnchor', 'lineAnchor', 'lineHeight', 'lineWidth', 'textOverflow', 'monospace'],
  ...['ariaLabel', 'ariaDescription', 'ariaHidden'],
  // axis and grid marks
  ...['ticks', 'tickSize', 'tickPadding', 'tickFormat', 'tickRotate', 'label', 'labelAnchor'],
  ...['labelOffset', 'labelArrow', 'color', 'count', 'first', 'last', 'sum', 'mean', 'median'],
  ...['min', 'max', 'mode', 'proportion', 'proportion-facet', 'deviation', 'variance', 'extent'],
  // links and pictures: URLs, checked by safeUrl
  'href',
  'src',
]);

/** The options of `Plot.plot` itself. */
export const PLOT_OPTION_KEYS: ReadonlySet<string> = new Set([
  ...['width', 'height', 'margin', 'marginTop', 'marginRight', 'marginBottom', 'marginLeft'],
  ...['inset', 'insetTop', 'insetRight', 'insetBottom', 'insetLeft', 'aspectRatio', 'grid'],
  ...['title', 'subtitle', 'caption', 'ariaLabel', 'ariaDescription', 'clip', 'round', 'nice'],
  ...['x', 'y', 'fx', 'fy', 'color', 'r', 'opacity', 'symbol', 'length', 'facet', 'axis', 'label'],
  ...['padding', 'zero'],
]);

/** The options of one scale (`x: {...}`, `color: {...}`) or of `facet: {...}`. */
export const SCALE_OPTION_KEYS: ReadonlySet<string> = new Set([
  ...['type', 'domain', 'range', 'label', 'grid', 'nice', 'zero', 'reverse', 'clamp', 'legend'],
  ...['scheme', 'interpolate', 'ticks', 'tickFormat', 'tickSize', 'tickRotate', 'tickPadding'],
  ...['tickSpacing', 'percent', 'inset', 'insetLeft', 'insetRight', 'insetTop', 'insetBottom'],
  ...['padding', 'paddingInner', 'paddingOuter', 'align', 'round', 'interval', 'axis', 'line'],
  ...['labelAnchor', 'labelOffset', 'labelArrow', 'pivot', 'base', 'exponent', 'constant'],
  ...['unknown', 'data', 'x', 'y', 'marginTop', 'marginRight', 'marginBottom', 'marginLeft'],
  ...['columns', 'swatchSize', 'swatchWidth', 'swatchHeight', 'width', 'height'],
]);

/** Option keys whose values are URLs the page would load or link to. */
export const URL_KEYS: ReadonlySet<string> = new Set(['href', 'src']);

export function isMark(name: unknown): name is MarkName {
  return typeof name === 'string' && (MARKS as readonly string[]).includes(name);
}

export function isTransform(name: unknown): name is TransformName {
  return typeof name === 'string' && (TRANSFORMS as readonly string[]).includes(name);
}

/**
 * A URL a chart may link to or load: same-origin with `base`, or https. Anything else
 * (`javascript:`, `data:`, `http:` to another host, unparsable) is refused with null.
 */
export function safeUrl(value: unknown, base: string): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin === new URL(base).origin) return url.href;
  return url.protocol === 'https:' ? url.href : null;
}

/** Plot reads a string `src` with a path or scheme as a constant URL, not as a field name. */
export function looksLikeUrl(value: string): boolean {
  return /^(\.{0,2}\/|[a-z][a-z\d+.-]*:)/i.test(value);
}
