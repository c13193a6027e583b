import { describe, expect, it } from "vitest";
import {
  mannWhitney,
  mannWhitneyFromCounts,
  newcombeDiffInterval,
  nonInferiorityMinSample,
  nonInferioritySampleSize,
  normalCdf,
  normalQuantile,
  wilsonInterval,
} from "./stats";

describe("normalQuantile and normalCdf", () => {
  it("gives the published quantiles to 12 digits", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it("is symmetric and inverts the CDF, in the centre and in both tails", () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02425, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999]) {
      // 1 − 1e-12 is not a double's exact complement of 1e-12: symmetry holds from 1e-6 on.
      if (p >= 1e-6) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9);
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / p).toBeLessThan(1e-13);
    }
  });

  it("gives the published CDF values, tails included (Abramowitz & Stegun table 26.1)", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300946, 17);
    expect(normalCdf(-8) / 6.220960574271785e-16).toBeCloseTo(1, 12);
    expect(normalCdf(2.9999999) - normalCdf(3.0000001)).toBeLessThan(0); // continuous across the switch of method
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
});

describe("wilsonInterval", () => {
  // Newcombe RG (1998a) "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Stat Med 17:857-872, Table I, method 3 (Wilson score), 95%.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("bounds %i/%i by %f to %f as published", (x, n, lower, upper) => {
    const w = wilsonInterval(x, n, 0.95)!;
    expect(w.lower).toBeCloseTo(lower, 4);
    expect(w.upper).toBeCloseTo(upper, 4);
  });

  it("is exactly 0 below 0/n and exactly 1 above n/n, and null without trials", () => {
    expect(wilsonInterval(0, 10, 0.95)).toEqual({ lower: 0, upper: expect.closeTo(0.2775, 4) });
    expect(wilsonInterval(10, 10, 0.95)).toEqual({ lower: expect.closeTo(0.7225, 4), upper: 1 });
    expect(wilsonInterval(0, 0, 0.95)).toBeNull();
  });
});

describe("newcombeDiffInterval", () => {
  // Newcombe RG (1998) "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", Stat Med 17:873-890, Table II, method 10, 95%. Examples (a) and (b)
  // as checked by the R package propint (tests/testthat, "results reported in Newcombe1998"),
  // example (d) as checked by the R package ratesci (tests/testthat/test3.R, "Newcombe RD example (d)").
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ])("%i/%i − %i/%i gives %f to %f as published", (x1, n1, x2, n2, lower, upper) => {
    const ci = newcombeDiffInterval(x1, n1, x2, n2, 0.95)!;
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it("gives 6/7 − 2/7 (example (c)) from the same formula: 0.0582 to 0.8062", () => {
    // No searchable copy of Table II's row (c) was found; this pins the formula's value.
    const ci = newcombeDiffInterval(6, 7, 2, 7, 0.95)!;
    expect(ci.lower).toBeCloseTo(0.0582, 4);
    expect(ci.upper).toBeCloseTo(0.8062, 4);
  });

  it("narrows as the confidence drops, stays asymmetric near 0, and is null when a side is empty", () => {
    const at95 = newcombeDiffInterval(16, 100, 100, 1000, 0.95)!;
    const at90 = newcombeDiffInterval(16, 100, 100, 1000, 0.9)!;
    expect(at90.lower).toBeGreaterThan(at95.lower);
    expect(at90.upper).toBeLessThan(at95.upper);
    const zero = newcombeDiffInterval(0, 20, 0, 20, 0.95)!;
    expect(zero.lower).toBeCloseTo(-zero.upper, 12);
    expect(zero.upper).toBeGreaterThan(0.1);
    expect(newcombeDiffInterval(1, 0, 3, 10, 0.95)).toBeNull();
    expect(newcombeDiffInterval(1, 10, 0, 0, 0.95)).toBeNull();
  });
});

describe("nonInferioritySampleSize", () => {
  it("reproduces Chow, Shao & Wang (2008, 2nd ed., p. 90): cure rates 85% vs 65%, margin 10%, α 5%, power 80% → 25 per group", () => {
    // The book's "higher is better" cure rates are "higher is worse" failure rates 15% vs 35% here.
    expect(nonInferioritySampleSize(0.15, 0.35, 0.1, 0.05, 0.8)).toBe(25);
  });

  it("with equal rates is (z₀.₉₅ + z₀.₈)² · 2p(1 − p) / margin², rounded up", () => {
    // (1.6448536 + 0.8416212)² · 2 · 0.1 · 0.9 / 0.05² = 445.14 → 446
    expect(nonInferiorityMinSample(0.1, 0.05, 0.05, 0.8)).toBe(446);
    // (1.9599640 + 1.2815516)² · 2 · 0.5 · 0.5 / 0.1² = 525.38 → 526
    expect(nonInferiorityMinSample(0.5, 0.1, 0.025, 0.9)).toBe(526);
    expect(nonInferiorityMinSample(0.001, 0.05, 0.05, 0.8)).toBe(5);
  });

  it("is Infinity when the expected difference reaches the margin", () => {
    expect(nonInferioritySampleSize(0.2, 0.1, 0.1, 0.05, 0.8)).toBe(Infinity);
  });
});

describe("Mann-Whitney U", () => {
  it("reproduces the scipy.stats.mannwhitneyu documentation example (method='asymptotic')", () => {
    const r = mannWhitney([19, 22, 16, 29, 24], [20, 11, 17, 12])!;
    expect(r.u).toBe(17);
    expect([r.nA, r.nB]).toEqual([5, 4]);
    expect(r.pTwoSided).toBeCloseTo(0.11134688653314041, 14);
    expect(r.z).toBeCloseTo(6.5 / Math.sqrt(200 / 12), 14);
    expect(r.pGreater).toBeCloseTo(0.11134688653314041 / 2, 14);
  });

  it("counts ties as half and corrects the variance for them, matching a brute-force pair count", () => {
    const a = [1, 2, 2, 3, 3, 3, 5];
    const b = [2, 2, 3, 4, 4, 1, 1, 0];
    let pairs = 0;
    for (const x of a) for (const y of b) pairs += x > y ? 1 : x === y ? 0.5 : 0;
    const r = mannWhitney(a, b)!;
    expect(r.u).toBe(pairs);
    expect(r.u).toBe(34.5);
    // Tie groups (value: count): 0:1, 1:3, 2:4, 3:4, 4:2, 5:1 → Σ(t³ − t) = 0 + 24 + 60 + 60 + 6 + 0 = 150;
    // σ² = 7·8/12 · (16 − 150/(15·14)); z = (34.5 − 7·8/2 − ½)/σ.
    const sigma = Math.sqrt(((7 * 8) / 12) * (16 - 150 / (15 * 14)));
    expect(r.z).toBeCloseTo(6 / sigma, 14);
    expect(r.pGreater).toBeCloseTo(1 - normalCdf(6 / sigma), 14);
    expect(r.pTwoSided).toBeCloseTo(2 * r.pGreater, 14);
  });

  it("takes binned counts, merges rows of one value, and agrees with the raw samples", () => {
    const binned = mannWhitneyFromCounts([
      { value: 300, a: 2, b: 0 },
      { value: 100, a: 1, b: 5 },
      { value: 200, a: 3, b: 4 },
      { value: 100, a: 0, b: 2 },
    ])!;
    const raw = mannWhitney([300, 300, 100, 200, 200, 200], [100, 100, 100, 100, 100, 200, 200, 200, 200, 100, 100])!;
    expect(binned).toEqual(raw);
    expect(binned.u).toBe(2 * 11 + 1 * 3.5 + 3 * (7 + 2)); // 52.5
    // nA = 6, nB = 11, ties 8, 7, 2 → Σ(t³ − t) = 504 + 336 + 6 = 846; σ² = 66/12 · (18 − 846/272).
    const sigma = Math.sqrt((66 / 12) * (18 - 846 / 272));
    expect(binned.z).toBeCloseTo((52.5 - 33 - 0.5) / sigma, 14);
    expect(binned.pGreater).toBeCloseTo(0.017883589, 9);
  });

  it("is null when a sample is empty, and gives no evidence when every value is tied", () => {
    expect(mannWhitney([], [1, 2])).toBeNull();
    expect(mannWhitneyFromCounts([{ value: 1, a: 3, b: 0 }])).toBeNull();
    expect(mannWhitney([5, 5], [5, 5, 5])).toEqual({ u: 3, nA: 2, nB: 3, z: 0, pGreater: 1, pTwoSided: 1 });
  });
});
