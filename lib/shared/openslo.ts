// OpenSLO v1 (https://github.com/OpenSLO/OpenSLO) export and import of objectives, so they can
// live in git beside a team's other SLOs. Each objective is a `kind: SLO` with a `ratioMetric`
// (good / total, `budgetingMethod: Occurrences`, a rolling `timeWindow`); Keel's alert rule is one
// `kind: AlertPolicy` with three `burnrate` conditions, referenced by every SLO. What OpenSLO has
// no field for (the SLI kind, workflow, tool, threshold) travels in `keel.dev/*` annotations, so an
// export imports back to the same objectives.
import { parseAllDocuments, stringify } from "yaml";
import { objectiveCreateSchema, objectiveTitle, type ObjectiveCreate, type ObjectiveSpec } from "./objectives";

export const ALERT_POLICY_NAME = "keel-multiwindow-burn-rate";
const ANNOTATION = "keel.dev/";

/** The multi-window rule (CONTRACT §8) as OpenSLO burn-rate conditions: long window, and the short one as alertAfter. */
const CONDITIONS = [
  { name: "page-fast-burn", severity: "page", threshold: 14.4, lookbackWindow: "1h", alertAfter: "5m" },
  { name: "page-slow-burn", severity: "page", threshold: 6, lookbackWindow: "6h", alertAfter: "30m" },
  { name: "ticket-burn", severity: "ticket", threshold: 1, lookbackWindow: "3d", alertAfter: "6h" },
];

function eventQueries(o: ObjectiveSpec): { good: string; total: string } {
  const scope = o.workflow ? ` and workflow = "${o.workflow}"` : "";
  if (o.sli === "tool_latency")
    return { total: `tool_calls where name = "${o.tool}"${scope}`, good: `tool_calls where name = "${o.tool}" and status = "ok" and latencyMs <= ${o.thresholdMs}${scope}` };
  const good = o.sli === "success_rate" ? `outcome = "success"` : o.sli === "non_escalation_rate" ? `outcome != "escalated"` : `durationMs <= ${o.thresholdMs}`;
  return { total: `runs${scope ? ` where${scope.slice(4)}` : ""}`, good: `runs where ${good}${scope}` };
}

const sloName = (id: string) => `keel-${id.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 63).replace(/-+$/, "");

/** The objectives as a multi-document OpenSLO v1 YAML stream: the alert policy, then one SLO each. */
export function exportOpenSlo(objectives: (ObjectiveSpec & { id: string })[], service: string): string {
  const policy = {
    apiVersion: "openslo/v1",
    kind: "AlertPolicy",
    metadata: { name: ALERT_POLICY_NAME, displayName: "Keel multi-window, multi-burn-rate alert" },
    spec: {
      description: "page at burn >= 14.4 over 1h and 5m, or >= 6 over 6h and 30m; ticket at >= 1 over 3d and 6h",
      alertWhenBreaching: true,
      alertWhenResolved: true,
      conditions: CONDITIONS.map((c) => ({
        kind: "AlertCondition",
        metadata: { name: c.name },
        spec: { severity: c.severity, condition: { kind: "burnrate", op: "gte", threshold: c.threshold, lookbackWindow: c.lookbackWindow, alertAfter: c.alertAfter } },
      })),
    },
  };
  const slos = objectives.map((o) => {
    const q = eventQueries(o);
    const annotations: Record<string, string> = { [`${ANNOTATION}sli`]: o.sli };
    if (o.workflow) annotations[`${ANNOTATION}workflow`] = o.workflow;
    if (o.tool) annotations[`${ANNOTATION}tool`] = o.tool;
    if (o.thresholdMs !== null) annotations[`${ANNOTATION}thresholdMs`] = String(o.thresholdMs);
    return {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: { name: sloName(o.id), displayName: objectiveTitle(o), annotations },
      spec: {
        service,
        indicator: {
          metadata: { name: `${sloName(o.id)}-sli` },
          spec: {
            ratioMetric: {
              counter: true,
              good: { metricSource: { type: "keel", spec: { query: q.good } } },
              total: { metricSource: { type: "keel", spec: { query: q.total } } },
            },
          },
        },
        timeWindow: [{ duration: `${o.periodDays}d`, isRolling: true }],
        budgetingMethod: "Occurrences",
        objectives: [{ displayName: objectiveTitle(o), target: o.target }],
        alertPolicies: [ALERT_POLICY_NAME],
      },
    };
  });
  return [policy, ...slos].map((d) => stringify(d)).join("---\n");
}

export type ImportResult = { ok: true; objectives: ObjectiveCreate[] } | { ok: false; issues: { path: string; message: string }[] };

const DURATION = /^(\d+)([dw])$/;

/**
 * The objectives of an OpenSLO v1 stream: every `kind: SLO` document (other kinds are skipped).
 * Issues name the document and the field (`documents.2.spec.timeWindow.0.duration`).
 */
export function importOpenSlo(text: string): ImportResult {
  const issues: { path: string; message: string }[] = [];
  const objectives: ObjectiveCreate[] = [];
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { ok: false, issues: [{ path: "yaml", message: "is empty" }] };
  docs.forEach((doc, i) => {
    const at = (p: string) => `documents.${i}${p ? `.${p}` : ""}`;
    if (doc.errors.length) {
      issues.push({ path: at(""), message: `not valid YAML: ${doc.errors[0].message}` });
      return;
    }
    const d = doc.toJS() as Record<string, unknown> | null;
    if (!d || d.kind !== "SLO") return;
    if (d.apiVersion !== "openslo/v1") issues.push({ path: at("apiVersion"), message: "must be openslo/v1" });
    const meta = (d.metadata ?? {}) as { annotations?: Record<string, unknown> };
    const spec = (d.spec ?? {}) as { timeWindow?: { duration?: unknown }[]; objectives?: { target?: unknown }[]; budgetingMethod?: unknown };
    const ann = meta.annotations ?? {};
    const str = (k: string) => (typeof ann[`${ANNOTATION}${k}`] === "string" ? (ann[`${ANNOTATION}${k}`] as string) : undefined);
    if (!str("sli")) {
      issues.push({ path: at("metadata.annotations.keel.dev/sli"), message: "Keel needs the SLI kind: success_rate, non_escalation_rate, run_latency or tool_latency" });
      return;
    }
    if (spec.budgetingMethod !== undefined && spec.budgetingMethod !== "Occurrences")
      issues.push({ path: at("spec.budgetingMethod"), message: "Keel budgets by Occurrences (good / total events)" });
    const duration = spec.timeWindow?.[0]?.duration;
    const m = typeof duration === "string" ? DURATION.exec(duration) : null;
    if (!m) {
      issues.push({ path: at("spec.timeWindow.0.duration"), message: "must be a rolling window in days or weeks, e.g. 28d or 4w" });
      return;
    }
    const threshold = str("thresholdMs");
    const candidate = {
      sli: str("sli"),
      target: spec.objectives?.[0]?.target,
      periodDays: Number(m[1]) * (m[2] === "w" ? 7 : 1),
      ...(str("workflow") ? { workflow: str("workflow") } : {}),
      ...(str("tool") ? { tool: str("tool") } : {}),
      ...(threshold !== undefined ? { thresholdMs: Number(threshold) } : {}),
    };
    const parsed = objectiveCreateSchema.safeParse(candidate);
    if (!parsed.success) {
      const where: Record<string, string> = {
        sli: "metadata.annotations.keel.dev/sli",
        workflow: "metadata.annotations.keel.dev/workflow",
        tool: "metadata.annotations.keel.dev/tool",
        thresholdMs: "metadata.annotations.keel.dev/thresholdMs",
        target: "spec.objectives.0.target",
        periodDays: "spec.timeWindow.0.duration",
      };
      for (const issue of parsed.error.issues) issues.push({ path: at(where[String(issue.path[0])] ?? ""), message: issue.message });
      return;
    }
    objectives.push(parsed.data);
  });
  if (issues.length) return { ok: false, issues };
  if (objectives.length === 0) return { ok: false, issues: [{ path: "yaml", message: "holds no OpenSLO v1 document of kind SLO" }] };
  return { ok: true, objectives };
}
