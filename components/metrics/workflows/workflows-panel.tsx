"use client";
// Workflows: the outcome mix of each workflow (chart), and a sortable table with latency, cost
// and a success-rate sparkline. A workflow's name opens its failed runs; each rate its runs.
import { useMemo } from "react";
import { Card, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr, useTableSort } from "@/components/ui";
import { HBarChart } from "@/components/charts/bar-chart";
import { COLORS } from "@/components/charts/palette";
import { Sparkline } from "@/components/charts/sparkline";
import { useTimeseries, useWorkflowMetrics } from "@/lib/client/metrics";
import type { WorkflowMetrics } from "@/lib/shared/metrics";
import { formatAxisRate, formatCount, formatDurationMs, formatRate, formatUsd } from "@/lib/shared/format";
import { ChartSkeleton, QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useIsClient, useMetricsScope } from "../scope";

type Outcome = "success" | "escalated" | "failure";
const OUTCOME_OF = { successRate: "success", escalationRate: "escalated", failureRate: "failure" } as const satisfies Record<string, Outcome>;

export function WorkflowsPanel() {
  const { slug, filters, bucket, timeZone, openRuns } = useMetricsScope();
  const isClient = useIsClient();
  const query = useWorkflowMetrics(slug, filters);
  const trend = useTimeseries(slug, filters, { series: "workflows", bucket, tz: timeZone }, { enabled: isClient });
  const sparks = new Map(trend.data?.workflows.map((w) => [w.workflow, w.points.map((p) => p.successRate)]));

  return (
    <div className="space-y-4">
      <Card title="Outcome mix by workflow" description="Share of runs by outcome · click a bar for those runs">
        <QueryBody query={query} isEmpty={(d) => d.length === 0} loading={<ChartSkeleton height={180} />}>
          {(rows) => (
            <HBarChart
              ariaLabel="Success, escalation and failure rate by workflow"
              rows={rows.map((w) => ({ id: w.workflow, label: w.workflow, successRate: w.successRate, escalationRate: w.escalationRate, failureRate: w.failureRate }))}
              series={[
                { key: "successRate", label: "Success", color: COLORS.success },
                { key: "escalationRate", label: "Escalated", color: COLORS.escalated },
                { key: "failureRate", label: "Failure", color: COLORS.failure },
              ]}
              stacked
              domain={[0, 1]}
              labelWidth={170}
              formatValue={(v) => formatRate(v)}
              formatAxis={formatAxisRate}
              onSelect={openRuns && ((workflow, key) => openRuns({ workflow, outcome: OUTCOME_OF[key] }))}
              selectHint="Click to see these runs"
            />
          )}
        </QueryBody>
      </Card>
      <Card title="All workflows" description={`A workflow opens its failed runs, a rate the runs behind it · success trend per ${bucket}`} flush>
        <QueryBody query={query} isEmpty={(d) => d.length === 0} loading={<SkeletonRows rows={8} />}>
          {(rows) => <WorkflowsTable rows={rows} sparks={sparks} />}
        </QueryBody>
      </Card>
    </div>
  );
}

type Row = WorkflowMetrics & { runP95Ms: number | null };

function WorkflowsTable({ rows, sparks }: { rows: WorkflowMetrics[]; sparks: Map<string, (number | null)[]> }) {
  const { traces } = useMetricsScope();
  const flat = useMemo<Row[]>(() => rows.map((w) => ({ ...w, runP95Ms: w.runLatencyMs.p95 })), [rows]);
  const { sorted, thProps } = useTableSort(flat, { key: "runs", dir: "desc" });
  const rate = (w: Row, key: keyof typeof OUTCOME_OF, tone: string) => (
    <RunsLink className={`tabular-nums hover:underline ${tone}`} href={traces({ workflow: w.workflow, outcome: OUTCOME_OF[key] })}>
      {formatRate(w[key])}
    </RunsLink>
  );
  return (
    <TableContainer>
      <Table aria-label="Workflows">
        <THead>
          <tr>
            <Th {...thProps("workflow", "asc")}>Workflow</Th>
            <Th numeric {...thProps("runs")}>Runs</Th>
            <Th numeric {...thProps("successRate", "asc")}>Success</Th>
            <Th numeric {...thProps("escalationRate")}>Escalation</Th>
            <Th numeric {...thProps("failureRate")}>Failure</Th>
            <Th numeric {...thProps("runP95Ms")}>Run p95</Th>
            <Th numeric {...thProps("totalCostUsd")}>Spend</Th>
            <Th numeric {...thProps("costPerSuccessUsd")}>Cost / success</Th>
            <Th className="w-36">Success trend</Th>
          </tr>
        </THead>
        <TBody>
          {sorted.map((w) => (
            <Tr key={w.workflow} data-testid="workflow-row">
              <Td className="max-w-0 min-w-44 truncate">
                <RunsLink className="font-medium text-slate-900 hover:text-accent-700 hover:underline" href={traces({ workflow: w.workflow, outcome: "failure" })} title={`Failed runs of ${w.workflow}`}>
                  {w.workflow}
                </RunsLink>
              </Td>
              <Td numeric>
                <RunsLink className="hover:underline" href={traces({ workflow: w.workflow })}>
                  {formatCount(w.runs)}
                </RunsLink>
              </Td>
              <Td numeric className="font-medium">
                {rate(w, "successRate", (w.successRate ?? 1) < 0.8 ? "text-rose-700" : "text-slate-900")}
              </Td>
              <Td numeric>{rate(w, "escalationRate", "text-slate-700")}</Td>
              <Td numeric>{rate(w, "failureRate", "text-slate-700")}</Td>
              <Td numeric>
                <RunsLink
                  className="hover:underline"
                  href={w.runLatencyMs.p95 === null ? null : traces({ workflow: w.workflow, minLatencyMs: Math.floor(w.runLatencyMs.p95), sort: "duration", order: "desc" })}
                  title="The runs at or above the p95, slowest first"
                >
                  {formatDurationMs(w.runLatencyMs.p95)}
                </RunsLink>
              </Td>
              <Td numeric>
                <RunsLink className="hover:underline" href={traces({ workflow: w.workflow, sort: "cost", order: "desc" })}>
                  {formatUsd(w.totalCostUsd)}
                </RunsLink>
              </Td>
              <Td numeric>
                <RunsLink className="hover:underline" href={traces({ workflow: w.workflow, sort: "cost", order: "desc" })} title="All spend of the workflow per success: its runs, dearest first">
                  {formatUsd(w.costPerSuccessUsd)}
                </RunsLink>
              </Td>
              <Td>
                {sparks.has(w.workflow) ? (
                  <Sparkline values={sparks.get(w.workflow)!} domain={[0, 1]} color={COLORS.success} height={24} ariaLabel={`Success rate of ${w.workflow}`} />
                ) : (
                  <div className="h-6" />
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableContainer>
  );
}
