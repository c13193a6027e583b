import "server-only";
// Rollback triggers (issue 16): while a release is in `canary` or `expansion`, the alert loop
// analyses it over its current stage; a `fail` opens an incident (severity from the failing
// check: critical violation SEV1, escalation / failure / gold set SEV2, latency SEV3) linked to
// the canary runs behind it, and sends `release.rollback` to the project's channels (the generic
// webhook is signed), so a pipeline can roll back. Once per release and stage: the
// release_rollbacks row, its incident and its notifications commit together, and its primary key
// refuses a second one (another loop, another process).
import type { Db } from "../db/handle";
import { sqlTransaction } from "../db/handle";
import { canaryRunsBehind, releasesInStages, rollbackFired } from "../queries/rollouts";
import { insertIncidentSql } from "./alert-incident";
import { enqueueNotification } from "./notifications";
import { getReleaseAnalysis } from "./release-analysis";
import { WATCHED_STAGES, STAGE_LABELS, type CanaryCheckItem, type ReleaseAnalysis } from "@/lib/shared/rollouts";
import { CANARY_CHECK_LABELS } from "@/lib/shared/canary";
import type { Severity } from "@/lib/shared/incidents";

export interface RollbackFired {
  projectId: string;
  release: string;
  stage: string;
  incidentNumber: number;
  failedChecks: string[];
  deliveries: number;
}

const SEVERITY: Record<CanaryCheckItem["name"], Severity> = {
  critical_policy_violations: "SEV1",
  escalation_rate: "SEV2",
  failure_rate: "SEV2",
  gold_set_pass_rate: "SEV2",
  run_p95_latency: "SEV3",
};

/** The most severe of the failing checks' severities. */
export function rollbackSeverity(failed: readonly CanaryCheckItem[]): Severity {
  return failed.map((c) => SEVERITY[c.name]).sort()[0] ?? "SEV2";
}

/** One round over every watched release (or one project's); answers the triggers that fired now. */
export async function evaluateRollbackTriggers(db: Db, opts: { now?: Date; projectId?: string } = {}): Promise<RollbackFired[]> {
  const now = opts.now ?? new Date();
  const watched = (await releasesInStages(db, WATCHED_STAGES, now)).filter((r) => !opts.projectId || r.projectId === opts.projectId);
  const fired: RollbackFired[] = [];
  for (const stage of watched) {
    if (await rollbackFired(db, stage.projectId, stage.release, stage.stage)) continue;
    // Read outside the transaction: it holds PGlite's one connection only for the writes.
    const analysis = await getReleaseAnalysis(db, stage.projectId, stage.release, { from: new Date(stage.at), to: now }, now);
    if (analysis.verdict !== "fail") continue;
    const r = await fire(db, stage.projectId, analysis, stage.id, now);
    if (r) fired.push(r);
  }
  return fired;
}

async function fire(db: Db, projectId: string, analysis: ReleaseAnalysis, eventId: string, now: Date): Promise<RollbackFired | null> {
  const stage = analysis.stage!;
  const failed = analysis.checks.filter((c) => c.verdict === "fail");
  const names = failed.map((c) => c.name);
  const latency = failed.find((c) => c.name === "run_p95_latency");
  const runs = await canaryRunsBehind(db, projectId, analysis.release, new Date(analysis.window.from), new Date(analysis.window.to), {
    escalations: names.includes("escalation_rate"),
    failures: names.includes("failure_rate"),
    criticalViolations: names.includes("critical_policy_violations"),
    slowerThanMs: latency?.baseline ?? null,
  });
  const severity = rollbackSeverity(failed);
  const stageLabel = `${STAGE_LABELS[stage.stage]}${stage.trafficPercent !== null ? ` ${stage.trafficPercent}%` : ""}`;
  const why = failed.map((c) => `${CANARY_CHECK_LABELS[c.name]}: ${c.reason}`);
  const title = `Roll back ${analysis.release}: canary analysis failed (${failed.map((c) => CANARY_CHECK_LABELS[c.name].toLowerCase()).join(", ")})`.slice(0, 200);
  return sqlTransaction(db, async (tx) => {
    const [claimed] = await tx.sql.query<{ release: string }>(
      `INSERT INTO "release_rollbacks" ("projectId", "release", "stage", "eventId", "failedChecks", "analysis", "firedAt")
       VALUES ($1, $2, $3::"ReleaseStage", $4, $5::text[], $6::jsonb, $7)
       ON CONFLICT DO NOTHING RETURNING "release"`,
      [projectId, analysis.release, stage.stage, eventId, names, JSON.stringify(analysis), now],
    );
    if (!claimed) return null;
    const incident = await insertIncidentSql(tx, {
      projectId,
      title,
      severity,
      description: [
        `Keel's rollback trigger: release ${analysis.release} in stage ${stageLabel} failed its canary analysis over ${analysis.window.from} – ${analysis.window.to}.`,
        ...why,
      ].join("\n"),
      userId: null,
      now,
      systemLabel: "rollback trigger",
      opened: { release: analysis.release, stage: stage.stage },
      runs,
    });
    await tx.sql.query(`UPDATE "release_rollbacks" SET "incidentId" = $4 WHERE "projectId" = $1 AND "release" = $2 AND "stage" = $3::"ReleaseStage"`, [
      projectId,
      analysis.release,
      stage.stage,
      incident.id,
    ]);
    const deliveries = await enqueueNotification(tx, {
      projectId,
      type: "release.rollback",
      severity: null,
      dedupKey: `rollback:${analysis.release}:${stage.stage}`,
      summary: `Roll back ${analysis.release} (${stageLabel}): ${why.join("; ")}`,
      data: {
        release: analysis.release,
        stage: stage.stage,
        trafficPercent: stage.trafficPercent,
        verdict: analysis.verdict,
        failedChecks: names,
        checks: analysis.checks,
        window: analysis.window,
        incidentNumber: incident.number,
        runIds: runs.map((r) => r.id),
      },
      now,
    });
    return { projectId, release: analysis.release, stage: stage.stage, incidentNumber: incident.number, failedChecks: names, deliveries: deliveries.length };
  });
}
