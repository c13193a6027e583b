import { describe, expect, it } from "vitest";
import { validateRun } from "@/lib/shared/run-schema";
import { validRun } from "@/test/integration/ingest-cases";
import { normalizeRun, truncateUtf8 } from "./normalize";

function normalized(overrides: Parameters<typeof validRun>[1]) {
  const checked = validateRun(validRun("r-1", overrides));
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const result = normalizeRun(checked.run);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.row;
}

describe("normalizeRun", () => {
  it("applies the defaults of CONTRACT §2", () => {
    const row = normalized({});
    expect(row).toMatchObject({
      traceId: "r-1",
      environment: "production",
      release: "gpt-4.1@v12",
      durationMs: 2500,
      failureCritical: false,
      metadata: null,
    });
    expect(row.toolCalls.map((c) => [c.seq, c.latencyMs, c.retry, c.costUsd])).toEqual([
      [0, 250, false, 0],
      [1, 1000, true, 0.001],
    ]);
    expect(row.toolCalls[0].input).toBe('{"ticket":"T-1"}');
    expect(row.toolCalls[1].input).toBeNull();
  });

  it("stores timestamps in UTC at millisecond precision", () => {
    const row = normalized({ startedAt: "2026-10-14T11:30:00.1239+02:00", endedAt: "2026-10-14T09:30:01Z" });
    expect(row.startedAt).toBe("2026-10-14T09:30:00.123Z");
    expect(row.durationMs).toBe(877);
  });
});

describe("truncateUtf8", () => {
  it("keeps text up to the limit as is", () => {
    expect(truncateUtf8("a".repeat(8192), 8192)).toEqual({ text: "a".repeat(8192), truncated: false });
  });

  it("cuts at the limit without splitting a character", () => {
    // 8191 ASCII bytes, then a 2-byte é that would straddle the limit.
    const cut = truncateUtf8("a".repeat(8191) + "é" + "b", 8192);
    expect(cut).toEqual({ text: "a".repeat(8191), truncated: true });
    const emoji = truncateUtf8("😀".repeat(3000), 8192);
    expect(emoji.truncated).toBe(true);
    expect(emoji.text).toBe("😀".repeat(2048));
    expect(Buffer.byteLength(emoji.text)).toBe(8192);
  });
});
