import "server-only";
import type { Db } from "../../db/handle";
// Automation value per workflow and over all (issue 17, docs/quality.md): outcome counts and agent
// spend from the shared fragments (CONTRACT §3), human spend = escalation.reviewCostUsd. Read from
// raw runs (exact): the rollups keep the review spend but not how many escalations reported one,
// which the human cost per resolution divides by. One scan: GROUPING SETS ((workflow), ()).
import { automationValue, type AutomationValueReport } from "@/lib/shared/quality";
import { filterSql, runsWhere, type MetricsFilter } from "./filter";
import { num, runTotals, runTotalsColumns, type RunTotalsRow } from "./sql";

interface Row extends RunTotalsRow {
  isTotal: number;
  workflow: string | null;
  reviewCostUsd: number | string;
  reviewedEscalations: number;
}

export async function getAutomationValue(db: Db, filter: MetricsFilter): Promise<AutomationValueReport> {
  const s = filterSql(filter);
  const rows = await db.sql.query<Row>(
    `SELECT GROUPING(r."workflow")::int AS "isTotal", r."workflow",
    ${runTotalsColumns("r")},
    coalesce(sum(r."reviewCostUsd") FILTER (WHERE r."outcome" = 'escalated'), 0)::float8 AS "reviewCostUsd",
    count(r."reviewCostUsd") FILTER (WHERE r."outcome" = 'escalated')::int AS "reviewedEscalations"
  FROM "runs" r
  WHERE ${runsWhere(s)}
  GROUP BY GROUPING SETS ((r."workflow"), ())
  ORDER BY "isTotal" ASC, "runs" DESC, r."workflow" COLLATE "C" ASC`,
    s.params.values,
  );
  const valueOf = (row: Row) => {
    const t = runTotals(row);
    return automationValue({
      runs: t.runs,
      successes: t.successes,
      escalations: t.escalations,
      failures: t.failures,
      totalCostUsd: t.totalCostUsd,
      reviewCostUsd: num(row.reviewCostUsd) ?? 0,
      reviewedEscalations: row.reviewedEscalations,
      escalationCostUsd: t.escalatedCostUsd,
    });
  };
  const total = rows.find((r) => r.isTotal === 1);
  return {
    workflows: rows.filter((r) => r.isTotal === 0).map((r) => ({ workflow: r.workflow as string, ...valueOf(r) })),
    total: valueOf(total ?? { isTotal: 1, workflow: null, runs: 0, successes: 0, escalations: 0, failures: 0, totalCostUsd: 0, escalatedCostUsd: 0, reviewCostUsd: 0, reviewedEscalations: 0 }),
  };
}
