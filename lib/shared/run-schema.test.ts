import { describe, expect, it } from "vitest";
import { FIELD_CASES, validRun } from "@/test/integration/ingest-cases";
import { charLength, utf8Bytes, validateRun } from "./run-schema";

describe("validateRun: every field rule of CONTRACT §2", () => {
  it.each(FIELD_CASES)("$name", ({ run, errorPath }) => {
    const result = validateRun(run(`case-${Math.random().toString(36).slice(2, 8)}`));
    if (errorPath === null) {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(errorPath);
    }
  });
});

describe("validateRun: readable messages", () => {
  const errorsOf = (value: unknown) => {
    const r = validateRun(value);
    return r.ok ? [] : r.errors;
  };

  it("says 'required' for each missing required field", () => {
    expect(errorsOf({})).toEqual(
      ["id", "sessionId", "workflow", "model", "promptVersion", "startedAt", "endedAt", "outcome", "costUsd"].map((path) => ({
        path,
        message: "required",
      })),
    );
  });

  it("explains the failure/escalation coupling and the timestamp format", () => {
    expect(errorsOf(validRun("a", { outcome: "failure" }))).toEqual([
      { path: "failure", message: "required when outcome is 'failure'" },
    ]);
    expect(errorsOf(validRun("a", { escalation: { reason: "x" } }))).toEqual([
      { path: "escalation", message: "only allowed when outcome is 'escalated' (outcome is 'success')" },
    ]);
    expect(errorsOf(validRun("a", { startedAt: "2026-10-14T09:30:00" }))).toEqual([
      { path: "startedAt", message: "must be an RFC 3339 timestamp with a zone, e.g. 2026-10-14T09:30:00.000Z" },
    ]);
    expect(errorsOf(validRun("a", { endedAt: "2026-10-14T09:00:00Z" }))).toEqual([
      { path: "endedAt", message: "must not be before startedAt" },
    ]);
  });

  it("names the size of oversized metadata and long text", () => {
    expect(errorsOf(validRun("a", { metadata: { blob: "é".repeat(9000) } }))).toEqual([
      { path: "metadata", message: "must be at most 16 KB (16384 bytes) serialized; it is 18011 bytes" },
    ]);
    expect(errorsOf(validRun("a", { workflow: "w".repeat(101) }))).toEqual([
      { path: "workflow", message: "must have at most 100 characters (has 101)" },
    ]);
  });

  it("counts characters, not UTF-16 units, as varchar does", () => {
    const emoji = "😀".repeat(100);
    expect(charLength(emoji)).toBe(100);
    expect(validateRun(validRun("a", { workflow: emoji })).ok).toBe(true);
    expect(validateRun(validRun("a", { workflow: emoji + "😀" })).ok).toBe(false);
  });

  it("refuses text PostgreSQL cannot store, in fields and in metadata", () => {
    expect(errorsOf(validRun("a", { sessionId: "s\u0000" }))).toEqual([
      { path: "sessionId", message: "must not contain the NUL character (U+0000)" },
    ]);
    expect(errorsOf(validRun("a", { model: "bad\ud800" }))).toEqual([
      { path: "model", message: "must be valid Unicode (it contains a lone surrogate)" },
    ]);
    expect(errorsOf(validRun("a", { metadata: { nested: { k: "x\u0000" } } }))).toEqual([
      { path: "metadata", message: "strings and keys must not contain the NUL character (U+0000)" },
    ]);
  });

  it("refuses durations that do not fit the 32-bit millisecond columns", () => {
    expect(errorsOf(validRun("a", { startedAt: "2026-01-01T00:00:00Z", endedAt: "2026-03-01T00:00:00Z" }))).toEqual([
      { path: "endedAt", message: "must be at most 2147483647 ms after startedAt" },
    ]);
  });

  it("treats null as absent for optional fields", () => {
    const r = validateRun(validRun("a", { traceId: null, release: null, failure: null, usage: null, metadata: null, qualityScore: null }));
    expect(r.ok).toBe(true);
  });
});

describe("utf8Bytes", () => {
  it("matches Buffer.byteLength", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a😀é€", "\ud800x"]) expect(utf8Bytes(s)).toBe(Buffer.byteLength(s, "utf8"));
  });
});
