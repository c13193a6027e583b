// The audit trail in words: who acted and what changed, naming people, keys, incidents and fix
// items (never a raw id). Pure functions of an entry from GET /api/v1/settings/audit.
import type { AuditActorView, AuditTrailEntry } from "@/lib/shared/settings";
import { formatCount, formatDate, formatDurationMs, formatUsd } from "@/lib/shared/format";

/** "Ada Admin" / "ada@x.io" / "key CI reader (keel_Ab3dE9…)" / "CLI" / "Keel" / "deleted user". */
export function actorLabel(actor: AuditActorView): string {
  if (!actor) return "deleted user";
  switch (actor.type) {
    case "user":
      return actor.name ?? actor.email;
    case "apiKey":
      return `key ${actor.name} (${actor.prefix}…)`;
    case "cli":
      return "CLI";
    case "system":
      return "Keel";
  }
}

/** A longer form for the hover title: the person's email too, the CLI command. */
export function actorTitle(actor: AuditActorView): string | undefined {
  if (!actor) return undefined;
  if (actor.type === "user") return actor.name ? `${actor.name} <${actor.email}>` : actor.email;
  if ((actor.type === "cli" || actor.type === "system") && actor.label) return actor.label;
  return undefined;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const has = (v: unknown) => v !== undefined && v !== null && v !== "";
const str = (v: unknown, empty = "—") => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : empty);
const quoted = (v: unknown) => `“${str(v)}”`;

const GATE_LABELS: Record<string, string> = {
  goldSetMinPassRate: "gold-set pass rate",
  maxCriticalPolicyViolations: "critical policy violations",
  runP95TargetMs: "run p95 target (ms)",
  canaryEscalationMargin: "canary escalation margin",
  canaryConfidence: "canary analysis confidence",
  canaryLatencyTolerance: "canary latency tolerance",
  qualityDriftMargin: "quality drift margin",
};

const GUARDRAIL_LABELS: Record<string, string> = {
  repeatedCallThreshold: "repeated-call threshold",
  cycleRoundsThreshold: "cycle rounds threshold",
  failureStreakThreshold: "failure streak threshold",
  sideEffectTools: "side-effecting tools",
};

const INCIDENT_FIELDS: Record<string, string> = {
  status: "status",
  severity: "severity",
  ownerEmail: "commander",
  title: "title",
  description: "description",
};

const FIX_FIELDS: Record<string, string> = {
  owner: "owner",
  dueDate: "due",
  status: "status",
  notes: "notes",
  category: "category",
  reason: "reason",
};

/** "status open → mitigated, commander — → sre@keel.local" for the fields present in before/after. */
function fieldChanges(b: Record<string, unknown>, a: Record<string, unknown>, labels: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== "id");
  return keys
    .map((k) => {
      const name = labels[k] ?? k;
      // Long free text: say that it changed, not the whole text.
      if (k === "description" || k === "notes") return `${name} edited`;
      return `${name} ${str(b[k])} → ${str(a[k])}`;
    })
    .join(", ");
}

/** The person a membership entry is about: the email kept in the entry, else the target's name now. */
function memberName(e: AuditTrailEntry): string {
  const a = obj(e.after);
  const b = obj(e.before);
  return str(a.email ?? b.email ?? e.targetLabel, "a person");
}

function incidentName(e: AuditTrailEntry): string {
  if (e.targetLabel) return `incident ${e.targetLabel}`;
  const a = obj(e.after);
  return has(a.number) ? `incident #${str(a.number)}${has(a.title) ? ` ${str(a.title)}` : ""}` : "an incident (deleted)";
}

function fixItemName(e: AuditTrailEntry): string {
  const a = obj(e.after);
  const b = obj(e.before);
  return quoted(e.targetLabel ?? a.reason ?? b.reason);
}

/** One line of what changed, in words, from the entry's before/after JSON and its target's name. */
export function describeAudit(e: AuditTrailEntry): string {
  const b = obj(e.before);
  const a = obj(e.after);
  switch (e.action) {
    case "api_key.create":
      return `Created API key ${quoted(a.name)} (${str(a.prefix)}…, ${Array.isArray(a.scopes) ? a.scopes.join(" + ") : "?"})`;
    case "api_key.revoke":
      return `Revoked API key ${quoted(b.name ?? a.name)} (${str(b.prefix ?? a.prefix)}…)`;
    case "member.add":
      return `Added ${memberName(e)} as ${str(a.role)}${a.createdUser ? " (new account)" : ""}`;
    case "member.role_change":
      return `Changed the role of ${memberName(e)} from ${str(b.role)} to ${str(a.role)}`;
    case "member.remove":
      return `Removed ${memberName(e)} (${str(b.role)})`;
    case "user.password_reset":
      return `Reset the password of ${memberName(e)}`;
    case "project.create":
      return `Created project ${quoted(a.name ?? e.targetLabel)}${has(a.slug) ? ` (${str(a.slug)})` : ""}`;
    case "ingest_settings.update":
      return `Ingest limit ${str(b.ingestRatePerSecond)}/s burst ${str(b.ingestBurst)} → ${str(a.ingestRatePerSecond)}/s burst ${str(a.ingestBurst)}`;
    case "gate_settings.update": {
      const changed = Object.keys(a).filter((k) => a[k] !== b[k]);
      return changed.length
        ? `Gate thresholds: ${changed.map((k) => `${GATE_LABELS[k] ?? k} ${str(b[k])} → ${str(a[k])}`).join(", ")}`
        : "Gate thresholds saved";
    }
    case "guardrail_settings.update": {
      const changed = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      const val = (v: unknown) => (Array.isArray(v) ? (v.length ? v.map(String).join(", ") : "none") : str(v));
      return changed.length
        ? `Guardrail settings: ${changed.map((k) => `${GUARDRAIL_LABELS[k] ?? k} ${val(b[k])} → ${val(a[k])}`).join(", ")}`
        : "Guardrail settings saved";
    }
    case "workflow_budget.update":
    case "workflow_budget.delete":
    case "workflow_budget.reevaluate":
      return describeBudgetAudit(e.action, b, a);
    case "release.stage": {
      const pct = typeof a.trafficPercent === "number" ? ` at ${str(a.trafficPercent)}%` : "";
      return `Release ${quoted(e.targetId)} moved to ${str(a.stage)}${pct}${a.source === "cdevents" ? " (CDEvent)" : ""}`;
    }
    case "incident.open": {
      const n = has(a.number) ? `#${str(a.number)} ` : "";
      return `Opened incident ${n}${quoted(a.title)} (${str(a.severity)})`;
    }
    case "incident.update":
      return `Changed ${incidentName(e)}: ${fieldChanges(b, a, INCIDENT_FIELDS)}`;
    case "incident.link_runs": {
      const n = Array.isArray(a.runIds) ? a.runIds.length : 0;
      return `Linked ${n} ${n === 1 ? "run" : "runs"} to ${incidentName(e)}`;
    }
    case "incident.note":
      return `Added a note to ${incidentName(e)}`;
    case "fix_item.create":
      return `Assigned fix ${fixItemName(e)} to ${str(a.owner)}, due ${str(a.dueDate)}`;
    case "fix_item.update":
      return `Changed fix ${fixItemName(e)}: ${fieldChanges(b, a, FIX_FIELDS)}`;
    case "channel.create":
      return `Added ${str(a.type)} channel ${quoted(a.name)} (${str(a.url)}) for ${Array.isArray(a.severities) ? a.severities.join(" + ") : "?"} alerts`;
    case "channel.update": {
      const changed = ["name", "url", "severities", "routingKey"].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      return `Changed channel ${quoted(b.name)}${changed.length ? `: ${changed.join(", ")}` : ""}`;
    }
    case "channel.delete":
      return `Deleted ${str(b.type)} channel ${quoted(b.name)}`;
    case "channel.test":
      return `Sent a test notification to ${quoted(a.name)}`;
    case "otel.remap": {
      // `since` is the UTC midnight of the day the admin chose: shown as that day in UTC.
      const since = typeof a.since === "string" ? ` since ${formatDate(a.since, { timeZone: "UTC" })}` : "";
      const traces = typeof a.traces === "number" ? a.traces : null;
      return `Re-mapped the stored OpenTelemetry traces${since}${traces === null ? "" : ` (${formatCount(traces)} trace${traces === 1 ? "" : "s"})`}`;
    }
    default:
      return `${e.action.replace(/[._]/g, " ")}${e.targetLabel ? ` — ${e.targetLabel}` : ""}`;
  }
}

const BUDGET_FIELDS: [string, string, (v: number) => string][] = [
  ["maxToolCalls", "tool calls", (v) => formatCount(v)],
  ["maxDurationMs", "duration", (v) => formatDurationMs(v)],
  ["maxTokens", "tokens", (v) => formatCount(v)],
  ["maxCostUsd", "cost", (v) => formatUsd(v)],
];

function budgetLimits(v: Record<string, unknown>): string {
  const set = BUDGET_FIELDS.filter(([k]) => typeof v[k] === "number").map(([k, label, fmt]) => `${label} ≤ ${fmt(v[k] as number)}`);
  return set.length ? set.join(", ") : "no limit";
}

function describeBudgetAudit(action: string, b: Record<string, unknown>, a: Record<string, unknown>): string {
  if (action === "workflow_budget.reevaluate")
    return `Re-evaluated budgets for ${formatCount(typeof a.runs === "number" ? a.runs : 0)} runs from ${formatDate(str(a.from))} to ${formatDate(str(a.to))}: ${formatCount(typeof a.breachingRuns === "number" ? a.breachingRuns : 0)} over budget`;
  if (action === "workflow_budget.delete") return `Deleted the budget of ${quoted(b.workflow)} (${budgetLimits(b)})`;
  return has(b.workflow)
    ? `Budget of ${quoted(a.workflow)}: ${budgetLimits(b)} → ${budgetLimits(a)}`
    : `Set a budget for ${quoted(a.workflow)}: ${budgetLimits(a)}`;
}
