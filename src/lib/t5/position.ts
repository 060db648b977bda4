/**
 * T5's relative position buckets, computed in plain numbers (they depend only on lengths): exact
 * buckets for short distances, logarithmic ones up to `maxDistance`. The same function as
 * Hugging Face's `_relative_position_bucket` and scripts/t5/model.py.
 */
export function relativePositionBucket(
  relative: number,
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
): number {
  let buckets = 0;
  let n = numBuckets;
  let distance = relative;
  if (bidirectional) {
    n = Math.floor(n / 2);
    if (distance > 0) buckets += n;
    distance = Math.abs(distance);
  } else {
    distance = -Math.min(distance, 0);
  }
  const maxExact = Math.floor(n / 2);
  if (distance < maxExact) return buckets + distance;
  const large =
    maxExact +
    Math.trunc(
      (Math.log(Math.max(distance, 1) / maxExact) / Math.log(maxDistance / maxExact)) * (n - maxExact),
    );
  return buckets + Math.min(large, n - 1);
}

/**
 * One-hot rows of the bucket of every (query, key) pair, flattened as [queries * keys, numBuckets]:
 * multiplied by the [numBuckets, heads] table it gives the bias, with a gradient on every backend
 * (a gather's gradient is missing on tfjs's WebAssembly backend).
 *
 * @param queryOffset - the absolute position of the first query (the KV cache's length).
 */
export function bucketOneHot(
  queries: number,
  keys: number,
  queryOffset: number,
  bidirectional: boolean,
  numBuckets: number,
  maxDistance: number,
): Float32Array {
  const out = new Float32Array(queries * keys * numBuckets);
  for (let q = 0; q < queries; q++) {
    for (let k = 0; k < keys; k++) {
      const bucket = relativePositionBucket(k - (q + queryOffset), bidirectional, numBuckets, maxDistance);
      out[(q * keys + k) * numBuckets + bucket] = 1;
    }
  }
  return out;
}
