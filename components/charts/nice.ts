// Round axes: five ticks (0, ¼, ½, ¾, top) where the top is max/4 rounded up to 1, 2, 2.5, 3,
// 4, 5, 6 or 8 × 10^k, times 4 — so 0–4 s, 0–20 s, 0–$16 instead of 0–3.8 s. The ticks are
// given to recharts explicitly so its own rounding cannot leave them off the domain.
export function niceMax(dataMax: number): number {
  if (!Number.isFinite(dataMax) || dataMax <= 0) return 1;
  const rough = dataMax / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 3, 4, 5, 6, 8, 10].map((f) => f * magnitude).find((s) => s >= rough * (1 - 1e-12)) ?? 10 * magnitude;
  return step * 4;
}

export function niceTicks(top: number): number[] {
  return [0, top / 4, top / 2, (3 * top) / 4, top];
}

/** The largest value an axis must show: stacked series add up per stack, others stand alone. */
export function axisMax(
  rows: readonly Record<string, unknown>[],
  series: readonly { key: string; stack?: string }[],
): number {
  let max = 0;
  for (const row of rows) {
    const stacks = new Map<string, number>();
    for (const s of series) {
      const v = row[s.key];
      if (typeof v !== "number") continue;
      if (s.stack) stacks.set(s.stack, (stacks.get(s.stack) ?? 0) + v);
      else max = Math.max(max, v);
    }
    for (const total of stacks.values()) max = Math.max(max, total);
  }
  return max;
}
