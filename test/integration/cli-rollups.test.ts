// `keel rollups rebuild` and `keel rollups verify` as an operator runs them: runs whose rollups
// are missing (as after a COPY load) fail the check, a rebuild fills them, the check then passes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getOverview } from "@/lib/server/queries/metrics";
import { DAILY_TABLES, ROLLUP_TABLES } from "@/lib/server/rollups/maintain";
import { cliTargetKinds, createCliTarget, lastLine, runCliInProcess, withTargetDb, type CliTarget } from "./cli-harness";

const CLI_TEST_TIMEOUT_MS = 180_000;

const run = (id: string, startedAt: string) => ({
  id,
  sessionId: `s-${id}`,
  workflow: "refund",
  model: "gpt-4.1",
  promptVersion: "v1",
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + 1500).toISOString(),
  outcome: "success",
  costUsd: 0.25,
  toolCalls: [{ name: "search", startedAt, endedAt: new Date(Date.parse(startedAt) + 300).toISOString(), status: "ok" }],
});

describe.each(cliTargetKinds())("keel rollups on %s", (kind) => {
  let target: CliTarget;
  const cli = (...args: string[]) => runCliInProcess(args, target.env);
  const withDb = <T>(fn: (db: Database) => Promise<T>) => withTargetDb(target, fn);
  const window = { from: new Date("2026-11-20T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };

  beforeAll(async () => {
    target = await createCliTarget(kind);
    expect((await cli("migrate")).code).toBe(0);
    await withDb(async (db) => {
      const project = await db.prisma.project.create({ data: { name: "Shop", slug: "shop" } });
      await ingestRuns(db, project.id, [run("a", "2026-11-20T09:10:00Z"), run("b", "2026-11-20T10:20:00Z"), run("c", "2026-11-20T10:40:00Z")]);
      // As after loading runs with COPY: the rows are there, their rollups are not.
      for (const t of [...ROLLUP_TABLES, ...DAILY_TABLES]) await db.sql.query(`DELETE FROM "${t.name}"`);
      expect((await getOverview(db, { projectId: project.id, ...window })).runs).toBe(0);
    });
  }, CLI_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await target?.cleanup();
  });

  it(
    "verify fails on missing rollups, rebuild fills them (twice: no change), verify then passes",
    async () => {
      const bad = await cli("rollups", "verify", "--project", "Shop");
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("mismatch: project");
      expect(bad.stderr).toMatch(/keel: error: \d+ rollup table-hours differ from the raw runs \(of 2 hours checked\)/);

      for (let i = 0; i < 2; i++) {
        const res = await cli("rollups", "rebuild", "--project", "Shop");
        expect(res.code, res.stderr).toBe(0);
        expect(res.stderr).toBe("  rebuilt 2026-11-20T09:00:00.000Z to 2026-11-20T11:00:00.000Z\n");
        expect(lastLine(res.stdout)).toBe("Rebuilt the rollups of 2 hours in 1 project.");
      }
      const good = await cli("rollups", "verify", "--sample", "10");
      expect(good.code, good.stderr).toBe(0);
      expect(lastLine(good.stdout)).toBe("Checked 2 hours: the rollups match the raw runs.");
      await withDb(async (db) => {
        const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "shop" } });
        expect(await getOverview(db, { projectId: project.id, ...window })).toMatchObject({ runs: 3, sessions: 3, totalCostUsd: 0.75 });
      });
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it("usage errors exit 2 naming the option", async () => {
    const sample = await cli("rollups", "verify", "--sample", "0");
    expect(sample.code).toBe(2);
    expect(sample.stderr).toContain("invalid value '0' for --sample");
    const range = await cli("rollups", "rebuild", "--from", "2026-11-21", "--to", "2026-11-20");
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("--from must be before --to");
    const date = await cli("rollups", "rebuild", "--from", "yesterday");
    expect(date.code).toBe(2);
    expect(date.stderr).toContain("invalid value 'yesterday' for --from");
  });
});
