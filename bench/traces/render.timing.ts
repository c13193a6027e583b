// How long the run-detail page's two costs take for the largest run the contract allows:
// 500 tool calls, each output 8 KB. (1) reading it (getRunDetail on PGlite), (2) rendering the
// waterfall to HTML (what the server sends; the browser's hydration is measured by
// e2e/ui/sre.spec.ts counting the rows). Target: well under 1 s together.
// Run: npm run bench:traces
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getRunDetail } from "@/lib/server/queries/run-detail";
import type { RunDetail } from "@/lib/shared/run-detail";
import { Waterfall } from "@/components/traces/waterfall";
import { createTestProject } from "@/test/helpers/db";

const T0 = Date.parse("2026-10-01T00:00:00.000Z");
const OUTPUT = JSON.stringify({ body: "x".repeat(8 * 1024 - 20) });

export function bigRun(id: string) {
  return {
    id,
    sessionId: `${id}-s`,
    workflow: "bench",
    model: "gpt-4.1",
    promptVersion: "v1",
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0 + 500 * 40 + 100).toISOString(),
    outcome: "failure",
    failure: { category: "tool_error", reason: "bench timeout" },
    costUsd: 1.5,
    toolCalls: Array.from({ length: 500 }, (_, i) => ({
      name: `tool.${i % 7}`,
      startedAt: new Date(T0 + i * 40).toISOString(),
      endedAt: new Date(T0 + i * 40 + 35).toISOString(),
      status: i % 50 === 49 ? "timeout" : i % 97 === 0 ? "blocked" : "ok",
      retry: i % 50 === 0 && i > 0,
      input: { i },
      output: OUTPUT,
    })),
  };
}

let db: Database;
let projectId: string;

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

describe("run detail with 500 calls × 8 KB output", () => {
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    projectId = (await createTestProject(db, "bench")).id;
    const res = await ingestRuns(db, projectId, [bigRun("big")]);
    expect(res.accepted).toBe(1);
  });
  afterAll(async () => db?.close());

  it("reads and renders in under a second (median of 10)", async () => {
    const reads: number[] = [];
    const renders: number[] = [];
    let run: RunDetail | null = null;
    let html = "";
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      run = await getRunDetail(db, projectId, "big");
      reads.push(performance.now() - t);
      const [h, ms] = time(() => renderToString(createElement(Waterfall, { calls: run!.toolCalls, runDurationMs: run!.durationMs })));
      html = h;
      renders.push(ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(run!.toolCalls).toHaveLength(500);
    expect(html.match(/<li id="call-/g)).toHaveLength(500);
    console.log(
      `[bench:traces] getRunDetail median ${median(reads).toFixed(1)} ms (first ${reads[0].toFixed(1)} ms); ` +
        `Waterfall renderToString median ${median(renders).toFixed(1)} ms (first ${renders[0].toFixed(1)} ms); ` +
        `${(html.length / 1024).toFixed(0)} KB HTML`,
    );
    expect(median(reads) + median(renders)).toBeLessThan(1000);
  });
});
