"use client";
// KPI tables of the review: the project this week vs last week, each workflow, and the newest
// release against the one before. Colours say whether a change is good for that KPI.
import { Badge, Card, Table, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { KPIS, kpiValue, type KpiDefinition, type OverviewMetrics } from "@/lib/shared/metrics";
import { formatCountChange, formatValue, kpiRow, type KpiRow } from "@/lib/shared/review-format";
import type { Review } from "@/lib/shared/review";

const VERDICT_CLASS = { better: "bg-emerald-50 text-emerald-700", worse: "bg-rose-50 text-rose-700", same: "bg-slate-100 text-slate-600" } as const;

export function ChangeCell({ row }: { row: Pick<KpiRow, "change" | "verdict"> }) {
  if (!row.verdict) return <span className="text-slate-400">{row.change}</span>;
  const arrow = row.verdict === "same" ? "" : row.change.startsWith("+") ? "▲ " : "▼ ";
  return (
    <span
      className={cn("inline-flex rounded px-1.5 py-px text-xs font-semibold tabular-nums print:bg-transparent", VERDICT_CLASS[row.verdict])}
      title={row.verdict === "same" ? "unchanged" : row.verdict}
      data-verdict={row.verdict}
    >
      {arrow}
      {row.change}
    </span>
  );
}

function OverviewCompare({ current, previous, labels }: { current: OverviewMetrics; previous: OverviewMetrics; labels: [string, string] }) {
  return (
    <Table>
      <THead>
        <Tr>
          <Th>KPI</Th>
          <Th numeric className="normal-case">
            {labels[0]}
          </Th>
          <Th numeric className="normal-case">
            {labels[1]}
          </Th>
          <Th numeric>Change</Th>
        </Tr>
      </THead>
      <TBody>
        <Tr>
          <Td>Runs</Td>
          <Td numeric>{formatValue(current.runs, "count")}</Td>
          <Td numeric muted>
            {formatValue(previous.runs, "count")}
          </Td>
          <Td numeric className="text-xs text-slate-500">
            {formatCountChange(current.runs, previous.runs)}
          </Td>
        </Tr>
        {KPIS.map((k) => {
          const row = kpiRow(k, kpiValue(current, k.key), kpiValue(previous, k.key));
          return (
            <Tr key={k.key}>
              <Td title={k.description}>{k.label}</Td>
              <Td numeric className="font-medium">
                {formatValue(row.current, k.unit)}
              </Td>
              <Td numeric muted>
                {formatValue(row.previous, k.unit)}
              </Td>
              <Td numeric>
                <ChangeCell row={row} />
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}

export function KpiCard({ review }: { review: Review }) {
  return (
    <Card title="KPIs" description={`${review.week} against ${review.previousWeek}`} flush className="break-inside-avoid">
      <OverviewCompare current={review.kpis.current} previous={review.kpis.previous} labels={[review.week, review.previousWeek]} />
    </Card>
  );
}

export function ReleaseCard({ review }: { review: Review }) {
  const s = review.sinceRelease;
  return (
    <Card
      title="Since the last release"
      description={s ? `${s.release} against ${s.previousRelease}, each from its first run to the week's end` : "Needs two releases"}
      flush
      className="break-inside-avoid"
    >
      {s ? (
        <OverviewCompare current={s.current} previous={s.previous} labels={[s.release, s.previousRelease]} />
      ) : (
        <p className="p-4 text-sm text-slate-500">Only one release has runs so far; nothing to compare.</p>
      )}
    </Card>
  );
}

const WORKFLOW_KPIS = (["successRate", "escalationRate", "costPerSuccessUsd"] as const).map((key) => KPIS.find((k) => k.key === key)!) as (KpiDefinition & {
  key: "successRate" | "escalationRate" | "costPerSuccessUsd";
})[];

export function WorkflowCard({ review }: { review: Review }) {
  return (
    <Card title="Workflows" description="This week, and the change from last week" flush className="break-inside-avoid">
      <Table>
        <THead>
          <Tr>
            <Th>Workflow</Th>
            <Th numeric>Runs</Th>
            {WORKFLOW_KPIS.map((k) => (
              <Th key={k.key} numeric>
                {k.label}
              </Th>
            ))}
          </Tr>
        </THead>
        <TBody>
          {review.workflows.length === 0 && (
            <Tr>
              <Td colSpan={5} muted>
                No runs in either week.
              </Td>
            </Tr>
          )}
          {review.workflows.map((w) => (
            <Tr key={w.workflow}>
              <Td mono className="whitespace-nowrap">
                {w.workflow}
                {!w.current && (
                  <Badge tone="muted" className="ml-2">
                    no runs this week
                  </Badge>
                )}
              </Td>
              <Td numeric className="whitespace-nowrap">
                {w.current?.runs ?? 0} <span className="text-xs text-slate-400">({formatCountChange(w.current?.runs ?? 0, w.previous?.runs ?? 0)})</span>
              </Td>
              {WORKFLOW_KPIS.map((k) => {
                const row = kpiRow(k, w.current?.[k.key] ?? null, w.previous?.[k.key] ?? null);
                return (
                  <Td key={k.key} numeric>
                    <span className="mr-2">{formatValue(row.current, k.unit)}</span>
                    <ChangeCell row={row} />
                  </Td>
                );
              })}
            </Tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

export function ToolsCard({ review }: { review: Review }) {
  const p95 = KPIS.find((k) => k.key === "runP95Ms")!;
  return (
    <Card title="Slowest tools" description="Top 5 by p95 latency this week" flush className="break-inside-avoid">
      <Table>
        <THead>
          <Tr>
            <Th>Tool</Th>
            <Th numeric>Calls</Th>
            <Th numeric>p95</Th>
            <Th numeric>Last week</Th>
            <Th numeric>Change</Th>
          </Tr>
        </THead>
        <TBody>
          {review.topToolsByP95.length === 0 && (
            <Tr>
              <Td colSpan={5} muted>
                No tool calls this week.
              </Td>
            </Tr>
          )}
          {review.topToolsByP95.map((t) => {
            const row = kpiRow(p95, t.latencyMs.p95, t.previousP95Ms);
            return (
              <Tr key={t.tool}>
                <Td mono className="whitespace-nowrap">{t.tool}</Td>
                <Td numeric>{formatValue(t.calls, "count")}</Td>
                <Td numeric className="font-medium whitespace-nowrap">
                  {formatValue(row.current, "ms")}
                </Td>
                <Td numeric muted className="whitespace-nowrap">
                  {formatValue(row.previous, "ms")}
                </Td>
                <Td numeric className="whitespace-nowrap">
                  <ChangeCell row={row} />
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}
