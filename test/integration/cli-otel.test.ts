// `keel otel remap` as a person runs it: a project whose stored AI SDK traces were mapped by an
// older Keel (one workflow named after the root span, no tool calls) reads back right afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestOtelSpans } from "@/lib/server/otel";
import { decode } from "@/lib/server/otel/body";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { toOtlpProtobuf, type FixtureSpan } from "@/test/helpers/otlp";
import { cliTargetKinds, createCliTarget, lastLine, runCliInProcess, type CliTarget } from "./cli-harness";

const CLI_TEST_TIMEOUT_MS = 180_000;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const hex = (n: number) => randomBytes(n).toString("hex");

function aiSdkSpans(traceId: string): FixtureSpan[] {
  const root = hex(8);
  const attrs = { "ai.telemetry.functionId": "refund-request" };
  return [
    { traceId, spanId: root, name: "ai.generateText", startMs: T0, endMs: T0 + 5000, attributes: { ...attrs, "ai.operationId": "ai.generateText", "ai.usage.inputTokens": 9, "ai.usage.outputTokens": 3 } },
    { traceId, spanId: hex(8), parentSpanId: root, name: "ai.generateText.doGenerate", startMs: T0, endMs: T0 + 1000, attributes: { ...attrs, "ai.operationId": "ai.generateText.doGenerate", "ai.usage.inputTokens": 9, "ai.usage.outputTokens": 3 } },
    { traceId, spanId: hex(8), parentSpanId: root, name: "ai.toolCall", startMs: T0 + 2000, endMs: T0 + 3000, attributes: { ...attrs, "ai.operationId": "ai.toolCall", "ai.toolCall.name": "lookupOrder" } },
  ];
}

describe.each(cliTargetKinds())("keel otel remap on %s", (kind) => {
  let target: CliTarget;
  const cli = (...args: string[]) => runCliInProcess(args, target.env);
  const traceIds = [hex(16), hex(16)];
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await target.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    target = await createCliTarget(kind);
    expect((await cli("migrate")).code).toBe(0);
    await withDb(async (db) => {
      const project = await db.prisma.project.create({ data: { name: "Shop", slug: "shop" } });
      for (const traceId of traceIds) await ingestOtelSpans(db, project.id, decode(toOtlpProtobuf({ spans: aiSdkSpans(traceId) }), "protobuf"));
      // As the mapping before this version left them.
      await db.sql.query(`UPDATE "runs" SET "workflow" = 'ai.generateText', "inputTokens" = 18, "outputTokens" = 6, "toolCallCount" = 0`);
      await db.sql.query(`DELETE FROM "tool_calls"`);
    });
  }, CLI_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await target?.cleanup();
  });

  it(
    "rebuilds the project's runs, printing progress and a summary; the runs then read back right",
    async () => {
      const res = await cli("otel", "remap", "--project", "Shop", "--since", "2026-11-20");
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toMatch(/^Re-mapping 2 traces of project 'shop' since 2026-11-20T00:00:00\.000Z \(job \w+\)\.\n {2}2 of 2 traces\n$/);
      expect(lastLine(res.stdout)).toBe("Re-mapped 2 traces: 2 runs rebuilt, 0 native runs left as sent, 0 without a run.");
      await withDb(async (db) => {
        const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "shop" } });
        for (const id of traceIds)
          expect(await getRunAsSent(db, project.id, id)).toMatchObject({
            workflow: "refund-request",
            usage: { inputTokens: 9, outputTokens: 3 },
            toolCalls: [{ name: "lookupOrder", status: "ok" }],
          });
        expect(await db.prisma.auditLog.count({ where: { projectId: project.id, action: "otel.remap", actorType: "cli", actorLabel: "keel otel remap" } })).toBe(1);
      });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "names the bad option: --since that is not a date exits 2, an unknown project exits 1",
    async () => {
      const bad = await cli("otel", "remap", "--since", "last week");
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("invalid value 'last week' for --since: a date YYYY-MM-DD or an RFC 3339 time");
      const missing = await cli("otel", "remap", "--project", "nope");
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("project 'nope' not found");
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
