import { describe, expect, it } from "vitest";
import { FIELD_CASES, validRun } from "@/test/integration/ingest-cases";
import { charLength, MAX_START_AHEAD_MS, utf8Bytes, validateRun } from "./run-schema";

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

describe("validateRun: startedAt at most 24 h after the time Keel receives the run (CONTRACT §2)", () => {
  const receivedAt = new Date("2026-12-01T12:00:00.000Z");
  const at = (ms: number) => new Date(receivedAt.getTime() + ms).toISOString();
  const startingAt = (startedAt: string, overrides = {}) =>
    validRun("future", { startedAt, endedAt: startedAt, toolCalls: [], ...overrides });
  const H = 3_600_000;

  it("accepts a run up to exactly 24 h ahead, and any past one", () => {
    expect(MAX_START_AHEAD_MS).toBe(24 * H);
    expect(validateRun(startingAt(at(23 * H)), { receivedAt }).ok).toBe(true);
    expect(validateRun(startingAt(at(24 * H)), { receivedAt }).ok).toBe(true);
    expect(validateRun(startingAt("2020-01-01T00:00:00Z"), { receivedAt }).ok).toBe(true);
  });

  it("rejects one a millisecond more, naming startedAt, the receive time and how far ahead it is", () => {
    expect(validateRun(startingAt(at(24 * H + 1)), { receivedAt })).toEqual({
      ok: false,
      errors: [
        {
          path: "startedAt",
          message: "must be at most 24 h after the time Keel received the run (2026-12-01T12:00:00.000Z); it is 24.0 h later: check the sender's clock",
        },
      ],
    });
    expect(validateRun(startingAt(at(25 * H)), { receivedAt })).toMatchObject({
      ok: false,
      errors: [{ path: "startedAt", message: expect.stringContaining("it is 25.0 h later") }],
    });
    expect(validateRun(startingAt("2036-12-01T12:00:00Z"), { receivedAt })).toMatchObject({
      ok: false,
      errors: [{ path: "startedAt", message: expect.stringContaining("it is 3,653 days later") }],
    });
  });

  it("judges against the receive time given, else now", () => {
    const run = startingAt(at(25 * H));
    expect(validateRun(run, { receivedAt: receivedAt.getTime() + 2 * H }).ok).toBe(true);
    expect(validateRun(run).ok).toBe(true); // now (written 2026-12-01 17:30 UTC) is less than 24 h before 2026-12-02 13:00
    expect(validateRun(startingAt(new Date(Date.now() + 25 * H).toISOString())).ok).toBe(false);
  });

  it("reports it beside the run's other errors, and not for a malformed startedAt", () => {
    const r = validateRun(startingAt(at(30 * H), { costUsd: -1 }), { receivedAt });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(["costUsd", "startedAt"]);
    expect(validateRun(startingAt("9999-01-01T00:00:00"), { receivedAt })).toEqual({
      ok: false,
      errors: [
        { path: "startedAt", message: "must be an RFC 3339 timestamp with a zone, e.g. 2026-10-14T09:30:00.000Z" },
        { path: "endedAt", message: "must be an RFC 3339 timestamp with a zone, e.g. 2026-10-14T09:30:00.000Z" },
      ],
    });
  });

  it("pins only the run's startedAt: its end and its tool calls may be later", () => {
    const run = validRun("long", {
      startedAt: at(0),
      endedAt: at(48 * H),
      toolCalls: [{ name: "batch.export", startedAt: at(30 * H), endedAt: at(31 * H), status: "ok" }],
    });
    expect(validateRun(run, { receivedAt }).ok).toBe(true);
  });
});

describe("utf8Bytes", () => {
  it("matches Buffer.byteLength", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a😀é€", "\ud800x"]) expect(utf8Bytes(s)).toBe(Buffer.byteLength(s, "utf8"));
  });
});

describe("hostile values (issue 11)", () => {
  const base = {
    id: "deep-1",
    sessionId: "s",
    workflow: "w",
    model: "m",
    promptVersion: "v1",
    startedAt: "2026-11-30T10:00:00Z",
    endedAt: "2026-11-30T10:00:01Z",
    outcome: "success",
    costUsd: 0.01,
  };
  const nest = (levels: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  };

  it("metadata nesting 5,000 arrays deep is refused naming metadata, without a stack overflow", () => {
    const r = validateRun({ ...base, metadata: { deep: nest(5000) } }, { receivedAt: Date.parse("2026-12-01T00:00:00Z") });
    expect(r).toEqual({ ok: false, errors: [{ path: "metadata", message: "nests JSON deeper than 64 levels; flatten it" }] });
  });

  it("a tool call's input nesting too deep is refused naming that call's input", () => {
    const call = { name: "t", startedAt: base.startedAt, endedAt: base.endedAt, status: "ok", input: nest(100) };
    const r = validateRun({ ...base, toolCalls: [call, call] }, { receivedAt: Date.parse("2026-12-01T00:00:00Z") });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.path).toMatch(/^toolCalls\.[01]\.input$/);
  });

  it("62 levels inside metadata (64 with the run and metadata) are fine", () => {
    const r = validateRun({ ...base, metadata: { x: nest(61) } }, { receivedAt: Date.parse("2026-12-01T00:00:00Z") });
    expect(r.ok).toBe(true);
  });

  it("money above 1,000,000 USD is refused naming the field; 1,000,000 is accepted", () => {
    const at = { receivedAt: Date.parse("2026-12-01T00:00:00Z") };
    expect(validateRun({ ...base, costUsd: 1e308 }, at)).toEqual({ ok: false, errors: [{ path: "costUsd", message: "must be at most 1,000,000 USD" }] });
    expect(validateRun({ ...base, costUsd: 1_000_000 }, at).ok).toBe(true);
    const esc = { ...base, outcome: "escalated", escalation: { reason: "r", reviewCostUsd: 2e6 } };
    expect(validateRun(esc, at)).toEqual({ ok: false, errors: [{ path: "escalation.reviewCostUsd", message: "must be at most 1,000,000 USD" }] });
    const call = { name: "t", startedAt: base.startedAt, endedAt: base.endedAt, status: "ok", costUsd: 1e7 };
    expect(validateRun({ ...base, toolCalls: [call] }, at)).toEqual({ ok: false, errors: [{ path: "toolCalls.0.costUsd", message: "must be at most 1,000,000 USD" }] });
  });
});

describe("metadata keys JavaScript treats specially", () => {
  it("a '__proto__' key in metadata is kept as a key, not dropped", () => {
    const v = JSON.parse(
      '{"id":"p","sessionId":"s","workflow":"w","model":"m","promptVersion":"v","startedAt":"2026-11-30T10:00:00Z","endedAt":"2026-11-30T10:00:01Z","outcome":"success","costUsd":0,"metadata":{"__proto__":{"x":1},"constructor":"c"}}',
    );
    const r = validateRun(v, { receivedAt: Date.parse("2026-12-01T00:00:00Z") });
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.stringify(r.run.metadata)).toBe('{"__proto__":{"x":1},"constructor":"c"}');
  });
});
