// The sketch's bound, tested against an exact percentile_cont (PostgreSQL's formula) on random
// and adversarial data, plus merging and the exact zero bucket.
import { describe, expect, it } from "vitest";
import { mergeBuckets, sketchIndex, sketchOf, sketchPercentiles, sketchQuantiles, SKETCH_GAMMA, type SketchBucket } from "./sketch";
import { prng as rng } from "@/test/helpers/prng";

/** percentile_cont(q) of PostgreSQL over the values. */
function percentileCont(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const h = q * (v.length - 1);
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return hi === lo ? v[lo] : v[lo] + (v[hi] - v[lo]) * (h - lo);
}

const QS = [0.5, 0.95, 0.99, 0, 0.01, 0.25, 0.75, 0.999, 1] as const;
const BOUND = SKETCH_GAMMA - 1; // 0.8 %, under the contract's 1 %

function expectWithinBound(values: number[], label: string) {
  const est = sketchQuantiles(sketchOf(values), QS);
  for (const q of QS) {
    const exact = percentileCont(values, q);
    const got = est.get(q)!;
    expect(Math.abs(got - exact), `${label} q=${q} exact=${exact} got=${got}`).toBeLessThanOrEqual(BOUND * exact + 1e-9);
    expect(Math.abs(got - exact)).toBeLessThanOrEqual(0.01 * exact + 1e-9);
  }
}

describe("latency sketch", () => {
  it("p50/p95/p99 within 0.8 % of percentile_cont on random data (log-normal, uniform, heavy tail)", () => {
    const r = rng(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 2000);
      const kind = trial % 3;
      const values = Array.from({ length: n }, () => {
        if (kind === 0) return Math.round(Math.exp(4 + 3 * (r() + r() + r() - 1.5))); // log-normal-ish
        if (kind === 1) return Math.floor(r() * 100_000);
        return Math.round(10 / Math.pow(1 - r() * 0.999999, 1.5)); // Pareto tail
      });
      expectWithinBound(values, `trial ${trial}`);
    }
  });

  it("adversarial data: bucket edges, interpolation across distant buckets, zeros, max int, one value", () => {
    const edges: number[] = [];
    for (let i = 1; i < 2400; i += 7) {
      const e = Math.pow(SKETCH_GAMMA, i);
      if (e > 2 ** 31) break;
      edges.push(Math.floor(e), Math.ceil(e), Math.ceil(e) + 1);
    }
    expectWithinBound(edges, "edges");
    // Two values per bucket at both ends of a wide bucket (the mean sits in the middle).
    const wide = [10_000, 10_079, 10_000, 10_079, 1_000_000, 1_007_999];
    expectWithinBound(wide, "wide");
    // Interpolation between a tiny and a huge value: p95/p99 fall between the two order statistics.
    expectWithinBound([1, 2 ** 31 - 1], "lerp");
    expectWithinBound([0, 0, 0, 5000, 5001, 5002], "zeros");
    expectWithinBound([0], "zero");
    expectWithinBound([2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1], "max");
    // Many equal values and one outlier.
    expectWithinBound([...Array(999).fill(1234), 98765], "outlier");
  });

  it("answers exactly when each bucket holds one distinct value, and 0 in the zero bucket", () => {
    const values = [1000, 1200, 1500, 2000, 6000, 10000];
    const p = sketchPercentiles(sketchOf(values));
    expect(p).toEqual({ p50: percentileCont(values, 0.5), p95: percentileCont(values, 0.95), p99: percentileCont(values, 0.99) });
    expect(sketchIndex(0)).toBe(0);
    expect(sketchIndex(-5)).toBe(0);
    expect(sketchIndex(1)).toBe(1);
    expect(sketchPercentiles(sketchOf([0, 0]))).toEqual({ p50: 0, p95: 0, p99: 0 });
    expect(sketchPercentiles(new Map())).toEqual({ p50: null, p95: null, p99: null });
  });

  it("merging cells equals sketching the union; a negative count removes a value", () => {
    const r = rng(7);
    const a = Array.from({ length: 500 }, () => Math.floor(r() * 5000));
    const b = Array.from({ length: 300 }, () => Math.floor(r() * 50_000));
    const toBuckets = (vals: number[], sign = 1): SketchBucket[] =>
      [...sketchOf(vals)].map(([index, x]) => ({ index, count: sign * x.count, sum: sign * x.sum }));
    const merged = mergeBuckets([...toBuckets(a), ...toBuckets(b)]);
    expect(sketchPercentiles(merged)).toEqual(sketchPercentiles(sketchOf([...a, ...b])));
    const removed = mergeBuckets([...toBuckets(a), ...toBuckets(b), ...toBuckets(b, -1)]);
    expect(sketchPercentiles(removed)).toEqual(sketchPercentiles(sketchOf(a)));
  });
});
