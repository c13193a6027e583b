import "server-only";
// Latency sketch: DDSketch-style logarithmic buckets, mergeable by adding counts per bucket index.
//
// A latency x (integer milliseconds, >= 0) goes to bucket
//   0                           when x <= 0 (the exact zero bucket; the contract has no negatives)
//   1 + ceil(ln x / ln γ)       otherwise, i.e. bucket i >= 1 covers (γ^(i-2), γ^(i-1)].
// Each bucket stores its count and the exact sum of its values; a bucket's value is the mean of
// its values. Storage is one row per (rollup cell, bucket) with (count, sum): cells merge with a
// plain GROUP BY bucket, SUM(count), SUM(sum), and ingest updates them incrementally with
// ON CONFLICT … count = count + EXCLUDED.count (a negative count subtracts a rebuilt run).
//
// The bound. Take n values sorted, v_0 <= … <= v_{n-1}. percentile_cont(q) (PostgreSQL) is
//   h = q (n - 1), lo = floor h, f = h - lo,  P = v_lo + f (v_{lo+1} - v_lo) = (1 - f) v_lo + f v_{lo+1}.
// The bucket counts tell exactly which bucket holds the k-th smallest value, so the sketch
// answers (1 - f) m_lo + f m_hi with m_k the mean of v_k's bucket. Both m_k and v_k lie in
// (L, γL] for that bucket's lower edge L < v_k, so |m_k - v_k| < (γ - 1) L < (γ - 1) v_k (and
// m_k = v_k = 0 in the zero bucket). Hence, all values being >= 0,
//   |estimate - P| <= (1 - f) |m_lo - v_lo| + f |m_hi - v_hi| < (γ - 1) ((1 - f) v_lo + f v_hi) = (γ - 1) P.
// With γ = 1.008 every p50/p95/p99 is within 0.8 % of percentile_cont (the contract allows 1 %),
// and a bucket holding one distinct value (common in small data) answers that value exactly.
// Why the in-bucket mean rather than DDSketch's 2γ^i/(γ+1): the same guarantee needs only a
// slightly finer γ, and a single-valued bucket is exact, so small windows show exact numbers.
// Buckets span ~2,300 indexes from 1 ms to a day; a cell stores only the buckets it uses.

export const SKETCH_GAMMA = 1.008;
const LN_GAMMA = Math.log(SKETCH_GAMMA);

/** The bucket index of a latency (the same formula as sketchIndexSql). */
export function sketchIndex(x: number): number {
  return x <= 0 ? 0 : 1 + Math.ceil(Math.log(x) / LN_GAMMA);
}

/** SQL of the bucket index of an integer latency expression (PostgreSQL and PGlite alike). */
export function sketchIndexSql(expr: string): string {
  return `(CASE WHEN ${expr} <= 0 THEN 0 ELSE 1 + ceil(ln((${expr})::float8) / ${LN_GAMMA.toPrecision(17)}::float8)::int END)`;
}

export interface SketchBucket {
  index: number;
  count: number;
  /** The sum of the bucket's values. */
  sum: number;
}

export type Sketch = Map<number, { count: number; sum: number }>;

/** Adds buckets (possibly from several cells) into one sketch. */
export function mergeBuckets(buckets: Iterable<SketchBucket>, into: Sketch = new Map()): Sketch {
  for (const b of buckets) {
    if (b.count === 0) continue;
    const cur = into.get(b.index);
    if (cur) {
      cur.count += b.count;
      cur.sum += b.sum;
    } else into.set(b.index, { count: b.count, sum: b.sum });
  }
  return into;
}

/** A sketch of raw values (tests, and anywhere values are at hand). */
export function sketchOf(values: Iterable<number>): Sketch {
  const buckets: SketchBucket[] = [];
  for (const v of values) buckets.push({ index: sketchIndex(v), count: 1, sum: Math.max(v, 0) });
  return mergeBuckets(buckets);
}

/**
 * percentile_cont(q) as PostgreSQL computes it, with each order statistic replaced by the mean of
 * its bucket: first + (second - first) * (h - floor h), h = q (n - 1). Null for an empty sketch.
 */
export function sketchQuantiles<Q extends number>(sketch: Sketch, qs: readonly Q[]): Map<Q, number | null> {
  const sorted = [...sketch.entries()].filter(([, b]) => b.count > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, b]) => s + b.count, 0);
  const out = new Map<Q, number | null>();
  // The value of the k-th smallest (0-based): walk the cumulative counts.
  const at = (k: number): number => {
    let seen = 0;
    for (const [, b] of sorted) {
      seen += b.count;
      if (k < seen) return b.sum / b.count;
    }
    throw new Error(`rank ${k} beyond ${n} values`);
  };
  for (const q of qs) {
    if (n === 0) {
      out.set(q, null);
      continue;
    }
    const h = q * (n - 1);
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    const first = at(lo);
    out.set(q, hi === lo ? first : first + (at(hi) - first) * (h - lo));
  }
  return out;
}

/** p50/p95/p99 of a sketch (nulls when empty), the shape the metrics answer. */
export function sketchPercentiles(sketch: Sketch): { p50: number | null; p95: number | null; p99: number | null } {
  const q = sketchQuantiles(sketch, [0.5, 0.95, 0.99] as const);
  return { p50: q.get(0.5) ?? null, p95: q.get(0.95) ?? null, p99: q.get(0.99) ?? null };
}
