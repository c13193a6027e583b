// The whole weekly review as Markdown, to paste into a doc or a chat. Numbers are written by
// lib/shared/format.ts, as on the page; dates are UTC (a Markdown file has no viewer's zone, and
// review weeks are UTC weeks), ISO-like with the year.
import { FIX_STATUS_LABELS } from "./fix-items";
import { KPIS, kpiValue, kpiVerdict, type KpiDefinition, type WorkflowMetrics } from "./metrics";
import { formatCount, formatCountChange, formatDayRange, formatKpiChange, formatKpiValue } from "./format";
import { parseIsoWeek, weekRange } from "./iso-week";
import { compareKpi, RELEASE_KPIS, type Review } from "./review";
import { guardrailsMarkdown } from "./review-guardrails";

const VERDICT_MARK = { better: "▲ better", worse: "▼ worse", same: "same" } as const;

/** Pipes and line breaks would break a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), `| ${head.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** A KPI of this week against last week: the change as written, and whether it is good news. */
function kpiRow(kpi: KpiDefinition, current: number | null, previous: number | null) {
  return { current, previous, change: formatKpiChange(kpi, current, previous), verdict: kpiVerdict(kpi, current, previous) };
}

const WORKFLOW_KPIS: { key: keyof WorkflowMetrics & ("successRate" | "escalationRate" | "costPerSuccessUsd"); kpi: KpiDefinition }[] = (
  ["successRate", "escalationRate", "costPerSuccessUsd"] as const
).map((key) => ({ key, kpi: KPIS.find((k) => k.key === key)! }));

export function reviewToMarkdown(review: Review, opts: { projectName: string; today: string }): string {
  const w = parseIsoWeek(review.week);
  const span = w ? weekRange(w) : null;
  const out: string[] = [];
  // The span's last day is the Sunday: one millisecond before the next Monday.
  const days = span ? ` (${formatDayRange(span.from, span.to.getTime() - 1, { timeZone: "UTC" })})` : "";
  out.push(`# Weekly reliability review — ${opts.projectName}, ${review.week}${days}`);
  out.push(`Compared with ${review.previousWeek}. Weeks run Monday 00:00 UTC to Monday 00:00 UTC.`);

  const { current, previous } = review.kpis;
  out.push("## KPIs");
  out.push(
    table(
      ["KPI", review.week, review.previousWeek, "Change", ""],
      [
        ["Runs", formatKpiValue(current.runs, "count"), formatKpiValue(previous.runs, "count"), formatCountChange(current.runs, previous.runs), ""],
        ...KPIS.map((k) => {
          const r = kpiRow(k, kpiValue(current, k.key), kpiValue(previous, k.key));
          return [k.label, formatKpiValue(r.current, k.unit), formatKpiValue(r.previous, k.unit), r.change, r.verdict ? VERDICT_MARK[r.verdict] : ""];
        }),
      ],
    ),
  );

  if (review.workflows.length > 0) {
    out.push("## Workflows");
    out.push(
      table(
        ["Workflow", "Runs", ...WORKFLOW_KPIS.map((k) => k.kpi.label)],
        review.workflows.map((wf) => [
          wf.workflow,
          `${formatCount(wf.current?.runs ?? 0)} (${formatCountChange(wf.current?.runs ?? 0, wf.previous?.runs ?? 0)})`,
          ...WORKFLOW_KPIS.map(({ key, kpi }) => {
            const r = kpiRow(kpi, wf.current?.[key] ?? null, wf.previous?.[key] ?? null);
            return `${formatKpiValue(r.current, kpi.unit)} (${r.change})`;
          }),
        ]),
      ),
    );
  }

  if (review.sinceRelease) {
    const s = review.sinceRelease;
    out.push(`## Since the last release: ${s.release} vs ${s.previousRelease}`);
    // Rates only, as on the page: a canary's 93 runs and production's 6,140 are context, not a change.
    out.push(
      `Compared by rates; runs are context: ${s.release} ${formatCount(s.current.runs)} runs (${s.environments.join(", ") || "—"}), ` +
        `${s.previousRelease} ${formatCount(s.previous.runs)} runs (${s.previousEnvironments.join(", ") || "—"}).`,
    );
    out.push(
      table(
        ["KPI", s.release, s.previousRelease, "Change", ""],
        RELEASE_KPIS.map((k) => {
          const r = compareKpi(k, k.value(s.current), k.value(s.previous), s.previous.runs > 0);
          return [k.label, formatKpiValue(r.current, k.unit), formatKpiValue(r.previous, k.unit), r.change ?? "—", r.verdict ? VERDICT_MARK[r.verdict] : ""];
        }),
      ),
    );
  }

  out.push("## Top failures");
  if (review.topFailures.length === 0) out.push("No failed runs this week.");
  else
    out.push(
      table(
        ["#", "Category", "Reason", "Count", "Last week", "Trend", "Owner", "Due", "Status", "RCA notes"],
        review.topFailures.map((f, i) => {
          const fix = f.fixItem;
          return [
            String(i + 1),
            f.category,
            f.reason,
            formatCount(f.count),
            formatCount(f.previousCount),
            formatCountChange(f.count, f.previousCount),
            fix ? fix.ownerName ?? fix.owner : "unassigned",
            fix ? `${fix.dueDate}${fix.overdue ? " (OVERDUE)" : ""}` : "",
            fix ? FIX_STATUS_LABELS[fix.status] : "",
            fix?.notes ?? "",
          ];
        }),
      ),
    );

  out.push(...guardrailsMarkdown(review.guardrails, review, table));

  out.push("## Slowest tools (p95)");
  if (review.topToolsByP95.length === 0) out.push("No tool calls this week.");
  else
    out.push(
      table(
        ["Tool", "Calls", "p95", "Last week p95", "Change"],
        review.topToolsByP95.map((t) => {
          const k = KPIS.find((x) => x.key === "runP95Ms")!;
          const r = kpiRow(k, t.latencyMs.p95, t.previousP95Ms);
          return [t.tool, formatCount(t.calls), formatKpiValue(r.current, "ms"), formatKpiValue(r.previous, "ms"), r.change];
        }),
      ),
    );
  out.push(`_Exported from Keel on ${opts.today}._`);
  return out.join("\n\n") + "\n";
}
