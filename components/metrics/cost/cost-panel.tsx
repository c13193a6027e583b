"use client";
// Cost: spend and the unit costs (per success, per escalation, retries), over time, by
// workflow and by release. Rows open the runs behind them.
import { useMemo } from "react";
import { Card, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Time, Tr, useTableSort } from "@/components/ui";
import { HBarChart } from "@/components/charts/bar-chart";
import { COLORS } from "@/components/charts/palette";
import { useReleaseMetrics, useWorkflowMetrics, type TraceLink } from "@/lib/client/metrics";
import type { ReleaseMetrics, WorkflowMetrics } from "@/lib/shared/metrics";
import { formatAxisUsd, formatCount, formatRate, formatUsd } from "@/lib/shared/format";
import { KpiTiles, kpiTile, SPEND_TILE } from "../overview/kpi-tiles";
import { CostChart } from "../overview/overview-trends";
import { ChartSkeleton, QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";
import { AutomationValuePanel } from "./automation-value";

const TILES = [SPEND_TILE, kpiTile("costPerSuccessUsd"), kpiTile("costPerEscalationUsd"), kpiTile("retryCostUsd")];

export function CostPanel() {
  const { slug, filters, openRuns } = useMetricsScope();
  const workflows = useWorkflowMetrics(slug, filters);
  const releases = useReleaseMetrics(slug, filters);
  return (
    <div className="space-y-4">
      <KpiTiles tiles={TILES} />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <CostChart height={240} />
        <Card title="Spend by workflow" description="Click a bar for the workflow's runs">
          <QueryBody query={workflows} isEmpty={(d) => d.length === 0} loading={<ChartSkeleton height={240} />}>
            {(rows) => (
              <HBarChart
                ariaLabel="Spend by workflow"
                rows={[...rows].sort((a, b) => b.totalCostUsd - a.totalCostUsd).map((w) => ({ id: w.workflow, label: w.workflow, totalCostUsd: w.totalCostUsd }))}
                series={[{ key: "totalCostUsd", label: "Spend", color: COLORS.accent }]}
                labelWidth={160}
                rowHeight={32}
                formatValue={(v) => formatUsd(v)}
                formatAxis={formatAxisUsd}
                onSelect={openRuns && ((workflow) => openRuns({ workflow, sort: "cost", order: "desc" }))}
                selectHint="Click to see this workflow's runs, dearest first"
              />
            )}
          </QueryBody>
        </Card>
      </div>
      <Card title="Cost by workflow" description="Cost per success counts all spend (failures and escalations too)" flush>
        <QueryBody query={workflows} isEmpty={(d) => d.length === 0} loading={<SkeletonRows rows={6} />}>
          {(rows) => <WorkflowCostTable rows={rows} />}
        </QueryBody>
      </Card>
      <AutomationValuePanel />
      <Card title="Cost by release" description="Releases in the order they first ran in the window" flush>
        <QueryBody query={releases} isEmpty={(d) => d.length === 0} loading={<SkeletonRows rows={4} />}>
          {(rows) => <ReleaseCostTable rows={rows} />}
        </QueryBody>
      </Card>
    </div>
  );
}

function WorkflowCostTable({ rows }: { rows: WorkflowMetrics[] }) {
  const { traces } = useMetricsScope();
  const { sorted, thProps } = useTableSort(rows, { key: "totalCostUsd", dir: "desc" });
  return (
    <TableContainer>
      <Table aria-label="Cost by workflow">
        <THead>
          <tr>
            <Th {...thProps("workflow", "asc")}>Workflow</Th>
            <Th numeric {...thProps("runs")}>Runs</Th>
            <Th numeric {...thProps("successRate")}>Success</Th>
            <Th numeric {...thProps("totalCostUsd")}>Spend</Th>
            <Th numeric {...thProps("costPerSuccessUsd")}>Cost / success</Th>
            <Th numeric {...thProps("costPerEscalationUsd")}>Cost / escalation</Th>
            <Th numeric {...thProps("retryCostUsd")}>Retry cost</Th>
          </tr>
        </THead>
        <TBody>
          {sorted.map((w) => (
            <Tr key={w.workflow}>
              <Td>
                <RunsLink className="font-medium text-slate-900 hover:text-accent-700 hover:underline" href={traces({ workflow: w.workflow })}>
                  {w.workflow}
                </RunsLink>
              </Td>
              <Td numeric muted>
                {formatCount(w.runs)}
              </Td>
              <Td numeric muted>
                {formatRate(w.successRate)}
              </Td>
              <CostCells scope={{ workflow: w.workflow }} row={w} />
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableContainer>
  );
}

/**
 * Spend, cost per success, cost per escalation and retry cost of a workflow or release, each
 * opening the runs behind it, dearest first: all its runs (spend and cost per success, whose
 * numerator is all spend), its escalations, its runs with a retried call.
 */
function CostCells({ scope, row }: { scope: TraceLink; row: Pick<WorkflowMetrics, "totalCostUsd" | "costPerSuccessUsd" | "costPerEscalationUsd" | "retryCostUsd"> }) {
  const { traces } = useMetricsScope();
  const dearest = { ...scope, sort: "cost", order: "desc" } as const;
  return (
    <>
      <Td numeric className="font-medium">
        <RunsLink className="hover:underline" href={traces(dearest)}>
          {formatUsd(row.totalCostUsd)}
        </RunsLink>
      </Td>
      <Td numeric>
        <RunsLink className="hover:underline" href={traces(dearest)}>
          {formatUsd(row.costPerSuccessUsd)}
        </RunsLink>
      </Td>
      <Td numeric>
        <RunsLink className="hover:underline" href={row.costPerEscalationUsd === null ? null : traces({ ...dearest, outcome: "escalated" })}>
          {formatUsd(row.costPerEscalationUsd)}
        </RunsLink>
      </Td>
      <Td numeric>
        <RunsLink className="hover:underline" href={row.retryCostUsd === 0 ? null : traces({ ...dearest, retried: true })}>
          {formatUsd(row.retryCostUsd)}
        </RunsLink>
      </Td>
    </>
  );
}

function ReleaseCostTable({ rows }: { rows: ReleaseMetrics[] }) {
  const { traces } = useMetricsScope();
  const ordered = useMemo(() => rows, [rows]);
  const { sorted, thProps } = useTableSort(ordered, { key: "firstRunAt", dir: "desc" });
  return (
    <TableContainer>
      <Table aria-label="Cost by release">
        <THead>
          <tr>
            <Th {...thProps("release", "asc")}>Release</Th>
            <Th {...thProps("firstRunAt")}>First run</Th>
            <Th numeric {...thProps("runs")}>Runs</Th>
            <Th numeric {...thProps("successRate")}>Success</Th>
            <Th numeric {...thProps("totalCostUsd")}>Spend</Th>
            <Th numeric {...thProps("costPerSuccessUsd")}>Cost / success</Th>
            <Th numeric {...thProps("costPerEscalationUsd")}>Cost / escalation</Th>
            <Th numeric {...thProps("retryCostUsd")}>Retry cost</Th>
          </tr>
        </THead>
        <TBody>
          {sorted.map((r) => (
            <Tr key={r.release}>
              <Td className="font-mono text-xs">
                <RunsLink className="font-medium text-slate-900 hover:text-accent-700 hover:underline" href={traces({ release: r.release })}>
                  {r.release}
                </RunsLink>
              </Td>
              <Td muted className="whitespace-nowrap">
                <Time value={r.firstRunAt} />
              </Td>
              <Td numeric muted>
                {formatCount(r.runs)}
              </Td>
              <Td numeric muted>
                {formatRate(r.successRate)}
              </Td>
              <CostCells scope={{ release: r.release }} row={r} />
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableContainer>
  );
}
