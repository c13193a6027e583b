// `keel budgets reevaluate` as an operator runs it: runs stored before a budget existed get their
// breaches once asked, in one project or every one, audited as the CLI; bad options name the flag.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getRunAsSent } from "@/lib/server/queries/runs-read";
import { putBudget } from "@/lib/server/services/budgets";
import { cliTargetKinds, createCliTarget, lastLine, runCliInProcess, type CliTarget } from "./cli-harness";

const CLI_TEST_TIMEOUT_MS = 180_000;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const run = (id: string, minute: number, costUsd: number) => ({
  id,
  sessionId: id,
  workflow: "refund-request",
  model: "gpt-4.1",
  promptVersion: "v12",
  startedAt: new Date(T0 + minute * 60_000).toISOString(),
  endedAt: new Date(T0 + minute * 60_000 + 1000).toISOString(),
  outcome: "success",
  costUsd,
});

describe.each(cliTargetKinds())("keel budgets reevaluate on %s", (kind) => {
  let target: CliTarget;
  const cli = (...args: string[]) => runCliInProcess(args, target.env);
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
      for (const slug of ["shop", "bank"]) {
        const project = await db.prisma.project.create({ data: { name: slug, slug } });
        await ingestRuns(db, project.id, [run(`${slug}-cheap`, 0, 0.1), run(`${slug}-dear`, 1, 0.9), run(`${slug}-late`, 60 * 24, 0.9)]);
        // Set after the runs were stored: they have no breaches until re-evaluated.
        await putBudget(db, project.id, "refund-request", { maxToolCalls: null, maxDurationMs: null, maxTokens: null, maxCostUsd: 0.5 }, { type: "cli" });
      }
    });
  }, CLI_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await target?.cleanup();
  });

  it(
    "recomputes one project's window, then every project's, printing the counts",
    async () => {
      const one = await cli("budgets", "reevaluate", "--project", "shop", "--from", "2026-11-20", "--to", "2026-11-21");
      expect(one.code, one.stderr).toBe(0);
      expect(one.stderr).toBe("  shop: 2 runs, 1 over budget\n");
      expect(lastLine(one.stdout)).toBe("Re-evaluated 2 runs in 1 project from 2026-11-20T00:00:00.000Z to 2026-11-21T00:00:00.000Z: 1 over budget.");
      await withDb(async (db) => {
        const shop = await db.prisma.project.findUniqueOrThrow({ where: { slug: "shop" } });
        const bank = await db.prisma.project.findUniqueOrThrow({ where: { slug: "bank" } });
        expect((await getRunAsSent(db, shop.id, "shop-dear"))?.budgetBreaches).toEqual([{ limit: "cost", actual: 0.9, maximum: 0.5 }]);
        expect((await getRunAsSent(db, shop.id, "shop-late"))?.budgetBreaches).toEqual([]);
        expect((await getRunAsSent(db, bank.id, "bank-dear"))?.budgetBreaches).toEqual([]);
        expect(
          await db.prisma.auditLog.count({ where: { projectId: shop.id, action: "workflow_budget.reevaluate", actorType: "cli", actorLabel: "keel budgets reevaluate" } }),
        ).toBe(1);
      });
      const all = await cli("budgets", "reevaluate", "--from", "2026-11-20T00:00:00Z", "--to", "2026-11-22T00:00:00Z");
      expect(all.code, all.stderr).toBe(0);
      expect(all.stderr).toBe("  bank: 3 runs, 2 over budget\n  shop: 3 runs, 2 over budget\n");
      expect(lastLine(all.stdout)).toBe("Re-evaluated 6 runs in 2 projects from 2026-11-20T00:00:00.000Z to 2026-11-22T00:00:00.000Z: 4 over budget.");
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "names the bad option: a missing or malformed date or a window over 90 days exits 2, an unknown project exits 1",
    async () => {
      const missing = await cli("budgets", "reevaluate", "--from", "2026-11-20");
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("missing required option --to");
      const bad = await cli("budgets", "reevaluate", "--from", "monday", "--to", "2026-11-20");
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("invalid value 'monday' for --from");
      const wide = await cli("budgets", "reevaluate", "--from", "2026-01-01", "--to", "2026-11-20");
      expect(wide.code).toBe(2);
      expect(wide.stderr).toContain("invalid value for --from: the window may span at most 90 days");
      const nope = await cli("budgets", "reevaluate", "--project", "nope", "--from", "2026-11-20", "--to", "2026-11-21");
      expect(nope.code).toBe(1);
      expect(nope.stderr).toContain("project 'nope' not found");
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
