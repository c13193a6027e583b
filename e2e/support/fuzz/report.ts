// What the fuzz suite found: counts per kind of finding (5xx, lost, half-stored, duplicated, …)
// with the first few examples of each, plus figures (cases, runs, requests, time). Printed, and
// written as JSON under FUZZ_SUMMARY_DIR (scripts/fuzz.mjs reads it) when that is set.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const EXAMPLES_PER_KIND = 8;

export class FuzzReport {
  readonly findings: Record<string, number> = {};
  readonly examples: Record<string, unknown[]> = {};
  readonly figures: Record<string, number> = {};
  private readonly started = Date.now();
  private slowestMs = 0;

  constructor(
    readonly name: string,
    readonly db: string,
    readonly seed: number,
    readonly cases: number,
  ) {}

  find(kind: string, example: unknown): void {
    this.findings[kind] = (this.findings[kind] ?? 0) + 1;
    const list = (this.examples[kind] ??= []);
    if (list.length < EXAMPLES_PER_KIND) list.push(example);
  }

  count(figure: string, n = 1): void {
    this.figures[figure] = (this.figures[figure] ?? 0) + n;
  }

  took(ms: number): void {
    this.slowestMs = Math.max(this.slowestMs, ms);
  }

  summary() {
    return {
      suite: this.name,
      db: this.db,
      seed: this.seed,
      cases: this.cases,
      seconds: Math.round((Date.now() - this.started) / 100) / 10,
      slowestRequestMs: Math.round(this.slowestMs),
      figures: this.figures,
      findings: this.findings,
      examples: this.examples,
    };
  }

  /** Prints the summary and writes it to FUZZ_SUMMARY_DIR/fuzz-<db>-<suite>.json when set. */
  publish(): ReturnType<FuzzReport["summary"]> {
    const s = this.summary();
    const dir = process.env.FUZZ_SUMMARY_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `fuzz-${this.db}-${this.name}.json`), JSON.stringify(s, null, 2) + "\n");
    }
    console.log(`[fuzz] ${this.name} on ${this.db}: ${JSON.stringify({ ...s, examples: undefined })}`);
    return s;
  }
}

export interface HttpResult {
  status: number;
  text: string;
  contentType: string;
  ms: number;
}

/** One request with Node's fetch (raw URL text is sent as is); a request that takes a minute is a stall. */
export async function http(
  report: FuzzReport,
  baseURL: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult | null> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseURL}${url}`, { ...init, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    const ms = performance.now() - started;
    report.took(ms);
    report.count("requests");
    return { status: res.status, text, contentType: res.headers.get("content-type") ?? "", ms };
  } catch (err) {
    report.find("stall or connection error", { url: url.slice(0, 300), error: String(err) });
    return null;
  }
}

/** Runs `fn` over `items`, `width` at a time. */
export async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Deep equality of JSON values with === on numbers (so -0 equals 0) and own keys only. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], rb[k]));
}
