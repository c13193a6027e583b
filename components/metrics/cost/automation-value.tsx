"use client";
// Automation value (issue 17, docs/quality.md): per workflow, what the agent cost (its spend) and
// what people cost (review spend on escalations), the cost per task resolved counting human
// resolution, and the verdict — automation pays where the agent's cost per success is below a
// person's cost per resolution. Every number opens the runs behind it on the traces page.
import type { ReactNode } from "react";
import { Badge, Card, EmptyState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr, useTableSort } from "@/components/ui";
import { useAutomationValue } from "@/lib/client/quality";
import type { TraceLink } from "@/lib/client/metrics";
import type { AutomationValue, AutomationVerdict, WorkflowAutomationValue } from "@/lib/shared/quality";
import { formatCount, formatRate, formatUsd } from "@/lib/shared/format";
import { QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";

const VERDICT: Record<AutomationVerdict, { tone: "good" | "bad" | "muted"; label: string; title: string }> = {
  pays: { tone: "good", label: "Pays", title: "The agent's cost per success is below a person's cost per resolution" },
  does_not_pay: { tone: "bad", label: "Costs more", title: "The agent's cost per success reaches or exceeds a person's cost per resolution" },
  unknown: { tone: "muted", label: "No review cost", title: "No escalation reported a reviewCostUsd: what a person costs is unknown" },
};

export function AutomationValuePanel() {
  const { slug, filters } = useMetricsScope();
  const query = useAutomationValue(slug, filters);
  return (
    <Card
      title="Automation value"
      description="Agent spend vs human review spend per workflow · automation pays where the agent's cost per success is below a person's cost per resolution (mean review cost of an escalation)"
      flush
      data-testid="automation-value"
    >
      <QueryBody
        query={query}
        isEmpty={(d) => d.workflows.length === 0}
        loading={<SkeletonRows rows={5} />}
        empty={<EmptyState compact title="No runs in this window" description="Widen the time range or clear the filters." />}
      >
        {(d) => <AutomationTable rows={d.workflows} total={d.total} />}
      </QueryBody>
    </Card>
  );
}

function AutomationTable({ rows, total }: { rows: WorkflowAutomationValue[]; total: AutomationValue }) {
  const { sorted, thProps } = useTableSort(rows, { key: "netValueUsd", dir: "desc" });
  return (
    <TableContainer>
      <Table aria-label="Automation value by workflow">
        <THead>
          <tr>
            <Th {...thProps("workflow", "asc")}>Workflow</Th>
            <Th numeric {...thProps("runs")}>Runs</Th>
            <Th numeric {...thProps("successes")}>Success</Th>
            <Th numeric {...thProps("escalations")}>Escalated</Th>
            <Th numeric {...thProps("failures")}>Failed</Th>
            <Th numeric {...thProps("totalCostUsd")}>Agent spend</Th>
            <Th numeric {...thProps("reviewCostUsd")}>Human spend</Th>
            <Th {...thProps("humanShare")}>Human share</Th>
            <Th numeric {...thProps("costPerSuccessUsd")}>Cost / success</Th>
            <Th numeric {...thProps("escalationCostUsd")}>Escalation cost</Th>
            <Th numeric {...thProps("costPerResolvedTaskUsd")}>Cost / resolved task</Th>
            <Th numeric {...thProps("humanCostPerResolutionUsd")}>Person / resolution</Th>
            <Th numeric {...thProps("netValueUsd")}>Net value</Th>
            <Th {...thProps("verdict", "asc")}>Verdict</Th>
          </tr>
        </THead>
        <TBody>
          {sorted.map((w) => (
            <Tr key={w.workflow} data-testid={`automation-row-${w.workflow}`}>
              <ValueCells name={w.workflow} scope={{ workflow: w.workflow }} row={w} />
            </Tr>
          ))}
          <Tr className="bg-slate-50 font-medium" data-testid="automation-row-total">
            <ValueCells name="All workflows" scope={{}} row={total} />
          </Tr>
        </TBody>
      </Table>
    </TableContainer>
  );
}

/**
 * One row's cells. The links: counts open those runs (by outcome); agent spend, cost per success,
 * cost per resolved task and net value open all the row's runs, dearest first (their sums run over
 * all of them — success ∪ escalated has no single runs-list filter, so cost per resolved task opens
 * the superset); human spend, its share, escalation cost and a person's cost open the escalations.
 */
function ValueCells({ name, scope, row }: { name: string; scope: TraceLink; row: AutomationValue }) {
  const { traces } = useMetricsScope();
  const all = traces({ ...scope, sort: "cost", order: "desc" });
  const outcome = (o: "success" | "escalated" | "failure", n: number) => (n === 0 ? null : traces({ ...scope, outcome: o }));
  const escalated = outcome("escalated", row.escalations);
  const cell = (href: string | null, text: string, className?: string): ReactNode => (
    <Td numeric className={className}>
      <RunsLink className="hover:underline" href={href}>
        {text}
      </RunsLink>
    </Td>
  );
  const v = VERDICT[row.verdict];
  return (
    <>
      <Td>
        <RunsLink className="font-medium text-slate-900 hover:text-accent-700 hover:underline" href={traces(scope)}>
          {name}
        </RunsLink>
      </Td>
      {cell(traces(scope), formatCount(row.runs), "text-slate-600")}
      {cell(outcome("success", row.successes), formatCount(row.successes), "text-slate-600")}
      {cell(escalated, formatCount(row.escalations), "text-slate-600")}
      {cell(outcome("failure", row.failures), formatCount(row.failures), "text-slate-600")}
      {cell(all, formatUsd(row.totalCostUsd), "font-medium")}
      {cell(escalated, formatUsd(row.reviewCostUsd))}
      <Td>
        <RunsLink className="flex items-center gap-2 hover:underline" href={escalated}>
          <span className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
            <span className="block h-full rounded-full bg-amber-500" style={{ width: `${Math.round((row.humanShare ?? 0) * 100)}%` }} />
          </span>
          <span className="tabular-nums">{formatRate(row.humanShare)}</span>
        </RunsLink>
      </Td>
      {cell(all, formatUsd(row.costPerSuccessUsd))}
      {cell(escalated, formatUsd(row.escalationCostUsd))}
      {cell(all, formatUsd(row.costPerResolvedTaskUsd))}
      {cell(escalated, formatUsd(row.humanCostPerResolutionUsd))}
      {cell(all, formatUsd(row.netValueUsd), row.netValueUsd === null ? undefined : row.netValueUsd > 0 ? "font-medium text-emerald-700" : "font-medium text-rose-700")}
      <Td>
        <Badge tone={v.tone} dot title={v.title}>
          {v.label}
        </Badge>
      </Td>
    </>
  );
}
