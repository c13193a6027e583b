// The small statistics behind the canary analysis (lib/shared/canary.ts, docs/rollouts.md "Statistics"):
// the normal distribution, Wilson and Newcombe intervals for rates, the non-inferiority sample size,
// and the Mann-Whitney rank test on binned (contingency) data. Pure maths, no I/O; each function names
// its formula and is tested against published values in stats.test.ts.

// ---- the standard normal distribution -----------------------------------------------------------

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The standard normal density φ(x). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Φ(x), the standard normal CDF, to about 1e-15. Two classic expansions, each where it converges fast:
 * - |x| < 3: Marsaglia's Taylor series (J. Stat. Softw. 11(4), 2004),
 *   Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + x⁷/(3·5·7) + …);
 * - |x| ≥ 3: Laplace's continued fraction for the tail (Abramowitz & Stegun 26.2.14),
 *   Q(x) = 1 − Φ(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated bottom-up, which keeps tail
 *   probabilities (the small p-values) accurate relative to their size rather than only absolutely.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const a = Math.abs(x);
  if (a < 3) {
    let term = x;
    let sum = x;
    for (let k = 3; Math.abs(term) > 1e-17 * Math.abs(sum); k += 2) {
      term *= (x * x) / k;
      sum += term;
    }
    return 0.5 + normalPdf(x) * sum;
  }
  let f = a;
  for (let k = 120; k >= 1; k--) f = a + k / f;
  const tail = normalPdf(a) / f;
  return x > 0 ? 1 - tail : tail;
}

// Acklam's rational approximation of Φ⁻¹ (P. J. Acklam, 2003; relative error < 1.15e-9), refined below.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * Φ⁻¹(p), the standard normal quantile: Acklam's approximation and one Halley step on Φ(x) − p, which
 * takes it to the precision of normalCdf (|error| well under 1e-12). p = 0 and p = 1 give ∓Infinity.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Upper half by symmetry (1 − p is exact for p ≥ ½), so the refinement below always works on the
  // lower tail, where Φ(x) − p keeps its relative precision.
  if (p > 0.5) return -normalQuantile(1 - p);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // Halley: with e = Φ(x) − p and u = e/φ(x), x ← x − u / (1 + x·u/2).
  const u = (normalCdf(x) - p) / normalPdf(x);
  return x - u / (1 + (x * u) / 2);
}

// ---- intervals for rates --------------------------------------------------------------------------

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson's score interval for a binomial rate x/n, two-sided at `confidence` (Wilson 1927; Newcombe 1998a,
 * method 3). Unlike the Wald interval p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not collapse
 * to a point at x = 0 or x = n. Returns null when n = 0 (no trials: no rate to bound).
 */
export function wilsonInterval(x: number, n: number, confidence: number): Interval | null {
  if (n <= 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  // At x = 0 (x = n) the bound is exactly 0 (1); say so rather than carry a rounding residue.
  return { lower: x === 0 ? 0 : centre - half, upper: x === n ? 1 : centre + half };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 = x1/n1 − x2/n2 (Newcombe 1998, Stat Med 17:873-890,
 * method 10): the "square and add" of the two Wilson intervals (l1, u1), (l2, u2) at the same level,
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),   upper = d + √((u1 − p1)² + (p2 − l2)²).
 * Good coverage at small n and at rates near 0, where the Wald interval is too narrow or degenerate,
 * and closed form (no iteration). Returns null when either n is 0.
 */
export function newcombeDiffInterval(x1: number, n1: number, x2: number, n2: number, confidence: number): Interval | null {
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  if (!w1 || !w2) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    lower: d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
  };
}

// ---- sample size ----------------------------------------------------------------------------------

/**
 * Runs per group for a one-sided non-inferiority test of two rates where higher is worse
 * (H0: pTest − pRef ≥ margin, H1: pTest − pRef < margin), at level alpha with the given power
 * (Chow, Shao & Wang, "Sample Size Calculations in Clinical Research", §4.2):
 *   n = (z₁₋α + z₁₋β)² · (pTest(1 − pTest) + pRef(1 − pRef)) / (margin − (pTest − pRef))², rounded up.
 * Infinity when the expected difference is not below the margin (no sample can show non-inferiority).
 */
export function nonInferioritySampleSize(pTest: number, pRef: number, margin: number, alpha: number, power: number): number {
  const distance = margin - (pTest - pRef);
  if (!(distance > 0)) return Infinity;
  const z = normalQuantile(1 - alpha) + normalQuantile(power);
  const variance = pTest * (1 - pTest) + pRef * (1 - pRef);
  return Math.ceil((z * z * variance) / (distance * distance));
}

/**
 * The canary's minimum sample: runs per group to show non-inferiority when the canary's true rate
 * equals the baseline's p, i.e. n = (z₁₋α + z₁₋β)² · 2p(1 − p) / margin², rounded up.
 */
export function nonInferiorityMinSample(p: number, margin: number, alpha: number, power: number): number {
  return nonInferioritySampleSize(p, p, margin, alpha, power);
}

// ---- Mann-Whitney U on binned data ----------------------------------------------------------------

export interface MannWhitneyRow {
  /** One distinct value, or one histogram bin (its members count as ties). */
  value: number;
  /** Observations of sample a (the canary) with this value. */
  a: number;
  /** Observations of sample b (the baseline) with this value. */
  b: number;
}

export interface MannWhitneyResult {
  /** U of sample a: the pairs (a, b) with a > b, plus half the tied pairs. */
  u: number;
  nA: number;
  nB: number;
  /** (U − nA·nB/2 − ½) / σ: the continuity-corrected statistic for "a is larger". */
  z: number;
  /** One-sided p-value of "a is stochastically larger than b". */
  pGreater: number;
  /** Two-sided p-value, as scipy.stats.mannwhitneyu(method="asymptotic") gives it. */
  pTwoSided: number;
}

/**
 * The Mann-Whitney U test on a contingency table: one row per distinct value (or bin) with its counts in
 * each sample. Rows with equal values are merged; a value's observations are ties, so the statistic is
 * exact for binned data (it compares bins, and pairs in one bin count half). Normal approximation with
 * the tie-corrected variance
 *   σ² = nA·nB/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))),   N = nA + nB, t = the count of a value,
 * and the continuity correction of ½ (both as SciPy). Returns null when a sample is empty. When every
 * observation has one value (σ = 0) there is no evidence either way: z = 0 and both p-values are 1.
 */
export function mannWhitneyFromCounts(rows: readonly MannWhitneyRow[]): MannWhitneyResult | null {
  const byValue = new Map<number, { a: number; b: number }>();
  for (const r of rows) {
    const cell = byValue.get(r.value) ?? { a: 0, b: 0 };
    cell.a += r.a;
    cell.b += r.b;
    byValue.set(r.value, cell);
  }
  const cells = [...byValue.entries()].sort((x, y) => x[0] - y[0]).map(([, c]) => c);
  let nA = 0;
  let nB = 0;
  let u = 0;
  let ties = 0;
  for (const c of cells) {
    u += c.a * (nB + c.b / 2); // each a here beats every b below it and ties with the b of its own value
    nA += c.a;
    nB += c.b;
    const t = c.a + c.b;
    ties += t * t * t - t;
  }
  if (nA === 0 || nB === 0) return null;
  const n = nA + nB;
  const mean = (nA * nB) / 2;
  const sigma = Math.sqrt(((nA * nB) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (!(sigma > 0)) return { u, nA, nB, z: 0, pGreater: 1, pTwoSided: 1 };
  const z = (u - mean - 0.5) / sigma;
  const zTwo = (Math.abs(u - mean) - 0.5) / sigma;
  // 1 − Φ(z) = Φ(−z), computed on the side where it keeps its precision.
  return { u, nA, nB, z, pGreater: normalCdf(-z), pTwoSided: Math.min(1, 2 * normalCdf(-zTwo)) };
}

/** The Mann-Whitney U test on raw samples: counts each distinct value and delegates to mannWhitneyFromCounts. */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitneyResult | null {
  const rows = new Map<number, MannWhitneyRow>();
  const row = (value: number) => rows.get(value) ?? rows.set(value, { value, a: 0, b: 0 }).get(value)!;
  for (const v of a) row(v).a++;
  for (const v of b) row(v).b++;
  return mannWhitneyFromCounts([...rows.values()]);
}
