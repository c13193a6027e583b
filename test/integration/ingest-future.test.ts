// Runs dated in the future (CONTRACT §2): startedAt at most 24 h after the time Keel receives the run.
// A run further ahead is rejected naming `startedAt`, on its own: the rest of its batch is stored.
// The OpenTelemetry path goes through the same check: a future-dated trace keeps its spans and makes
// no run (docs/otel.md). On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { toOtlpJson } from "@/test/helpers/otlp";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { createTestProject, testDatabases } from "@/test/helpers/db";
import { validRun } from "./ingest-cases";

const H = 3_600_000;
const RECEIVED_AT = new Date("2026-06-01T12:00:00.000Z");
const at = (ms: number) => new Date(RECEIVED_AT.getTime() + ms).toISOString();
/** A run starting `ms` after RECEIVED_AT, with one tool call. */
const runAt = (id: string, ms: number) =>
  validRun(id, {
    startedAt: at(ms),
    endedAt: at(ms + 2500),
    toolCalls: [{ name: "kb.search", startedAt: at(ms + 100), endedAt: at(ms + 300), status: "ok" }],
  });

describe.each(testDatabases())("runs dated in the future on $name", (target) => {
  let db: Database;
  let projectId: string;
  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "ingest-future")).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  async function stored(ids: string[]): Promise<{ id: string; calls: number }[]> {
    return db.sql.query<{ id: string; calls: number }>(
      `SELECT r."id", count(t."seq")::int AS calls FROM "runs" r LEFT JOIN "tool_calls" t ON t."runPk" = r."pk"
       WHERE r."projectId" = $1 AND r."id" = ANY($2::text[]) GROUP BY r."id" ORDER BY r."id"`,
      [projectId, ids],
    );
  }

  it("rejects a run 25 h ahead naming startedAt and stores the run 23 h ahead and the rest of the batch", async () => {
    const batch = [runAt("f-past", -2 * H), runAt("f-25h", 25 * H), runAt("f-23h", 23 * H), runAt("f-now", 0), runAt("f-10y", 3653 * 24 * H)];
    const result = await ingestRuns(db, projectId, batch, { receivedAt: RECEIVED_AT });
    expect(result).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: [
        {
          index: 1,
          id: "f-25h",
          errors: [
            {
              path: "startedAt",
              message: "must be at most 24 h after the time Keel received the run (2026-06-01T12:00:00.000Z); it is 25.0 h later: check the sender's clock",
            },
          ],
        },
        {
          index: 4,
          id: "f-10y",
          errors: [
            {
              path: "startedAt",
              message: "must be at most 24 h after the time Keel received the run (2026-06-01T12:00:00.000Z); it is 3,653 days later: check the sender's clock",
            },
          ],
        },
      ],
    });
    expect(await stored(batch.map((r) => r.id as string))).toEqual([
      { id: "f-23h", calls: 1 },
      { id: "f-now", calls: 1 },
      { id: "f-past", calls: 1 },
    ]);
    expect(await getRunAsSent(db, projectId, "f-23h")).toMatchObject({ startedAt: "2026-06-02T11:00:00.000Z", toolCalls: [{ name: "kb.search" }] });
  });

  it("judges a resent run against the new receive time: the same run sent a day later is stored", async () => {
    const run = runAt("f-later", 25 * H);
    expect(await ingestRuns(db, projectId, [run], { receivedAt: RECEIVED_AT })).toMatchObject({ accepted: 0, rejected: [{ id: "f-later" }] });
    expect(await ingestRuns(db, projectId, [run], { receivedAt: new Date(RECEIVED_AT.getTime() + 2 * H) })).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it("keeps the spans of a future-dated OpenTelemetry trace but makes no run of it", async () => {
    const now = Date.now();
    const trace = (startMs: number) => {
      const traceId = randomBytes(16).toString("hex");
      const rootId = randomBytes(8).toString("hex");
      return {
        traceId,
        spans: [
          { traceId, spanId: rootId, name: "invoke_agent support", startMs, endMs: startMs + 9000 },
          {
            traceId,
            spanId: randomBytes(8).toString("hex"),
            parentSpanId: rootId,
            name: "execute_tool kb.search",
            startMs: startMs + 1000,
            endMs: startMs + 1250,
            attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search" },
          },
        ],
      };
    };
    const ahead = trace(now + 10 * 365 * 24 * H);
    const soon = trace(now + 23 * H);
    const result = await ingestOtelSpans(db, projectId, decode(Buffer.from(JSON.stringify(toOtlpJson({ spans: [...ahead.spans, ...soon.spans] }))), "json"));
    expect(result.rejectedSpans).toBe(0);
    expect(result.runs).toBe(1);
    expect(result.errorMessage).toMatch(new RegExp(`^trace ${ahead.traceId}: no run: startedAt: must be at most 24 h after the time Keel received the run \\(.+\\); it is 3,6\\d\\d days later: check the sender's clock$`));
    expect(await getRunAsSent(db, projectId, ahead.traceId)).toBeNull();
    expect(await getRunAsSent(db, projectId, soon.traceId)).toMatchObject({ id: soon.traceId, toolCalls: [{ name: "kb.search" }] });
    const [spans] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "otel_spans" WHERE "projectId" = $1 AND "traceId" = $2`, [projectId, ahead.traceId]);
    expect(spans.n).toBe(2);
  });
});
