"use client";
// Tools: p95 latency by tool (chart), one tool's latency and error trend, and the table of
// calls, error rate and p50/p95/p99. The selected tool is kept in the URL (`tool`): clicking a bar
// or a row charts that tool; with none selected the trend shows the slowest tool (the top bar
// beside it), never silently another one. Each number of a row opens exactly its runs: calls →
// runs that called the tool, error rate → runs with a not-ok call of it, p95 → those runs sorted
// by the tool's slowest call.
import Link from "next/link";
import { useMemo, type MouseEvent } from "react";
import { Card, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr, cn, useTableSort } from "@/components/ui";
import { HBarChart } from "@/components/charts/bar-chart";
import { COLORS } from "@/components/charts/palette";
import { TimeChart } from "@/components/charts/time-chart";
import { useTimeseries, useToolMetrics } from "@/lib/client/metrics";
import { useDeployMarkers } from "@/lib/client/rollouts";
import type { ToolMetrics } from "@/lib/shared/metrics";
import { formatAxisDurationMs, formatAxisRate, formatAxisTime, formatBucket, formatCount, formatDurationMs, formatRate } from "@/lib/shared/format";
import { ChartSkeleton, NoRuns, QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useIsClient, useMetricsScope } from "../scope";

type Row = ToolMetrics & { p50: number | null; p95: number | null; p99: number | null };

/** A traces link (or null for a role without traces) with more URL parameters. */
function withParams(href: string | null, extra: Record<string, string>): string | null {
  if (href === null) return null;
  const [path, query = ""] = href.split("?");
  const sp = new URLSearchParams(query);
  for (const [k, v] of Object.entries(extra)) sp.set(k, v);
  return `${path}?${sp}`;
}

/** The runs behind a tool's numbers. */
export function toolRunsLinks(traces: (narrow?: { tool?: string }) => string | null, tool: string) {
  const calls = traces({ tool });
  return {
    calls,
    errors: withParams(calls, { toolStatus: "not_ok" }),
    slowest: withParams(calls, { sort: "toolLatency", order: "desc" }),
  };
}

export function ToolsPanel() {
  const { slug, filters, param, setParam } = useMetricsScope();
  const query = useToolMetrics(slug, filters);
  const rows = useMemo<Row[]>(() => (query.data ?? []).map((t) => ({ ...t, ...t.latencyMs })), [query.data]);
  const byP95 = [...rows].sort((a, b) => (b.p95 ?? -1) - (a.p95 ?? -1) || (a.tool < b.tool ? -1 : 1)).slice(0, 12);
  const selected = param("tool") ?? byP95[0]?.tool ?? null;
  // The trend beside the bars is as tall as they are (less its legend row).
  const chartHeight = Math.max(240, byP95.length * 26 + 28 - 24);

  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Card title="p95 latency by tool" description="Slowest first · click a bar to chart its trend">
          <QueryBody query={query} isEmpty={(d) => d.length === 0} empty={<NoRuns what="tool calls" />} loading={<ChartSkeleton height={260} />}>
            {() => (
              <HBarChart
                ariaLabel="p95 latency by tool"
                rows={byP95.map((t) => ({ id: t.tool, label: t.tool, p95: t.p95 }))}
                series={[{ key: "p95", label: "p95", color: COLORS.accent }]}
                labelWidth={150}
                formatValue={(v) => formatDurationMs(v)}
                formatAxis={formatAxisDurationMs}
                onSelect={(tool) => setParam("tool", tool)}
                selectHint="Click to chart this tool's trend"
              />
            )}
          </QueryBody>
        </Card>
        <ToolTrend tool={selected} height={chartHeight} />
      </div>
      <Card title="All tools" description="Click a row to chart its trend · click a number for its runs · error = any status but ok" flush>
        <QueryBody query={query} isEmpty={(d) => d.length === 0} empty={<NoRuns what="tool calls" />} loading={<SkeletonRows rows={8} />}>
          {() => <ToolsTable rows={rows} selected={selected} onSelect={(tool) => setParam("tool", tool)} />}
        </QueryBody>
      </Card>
    </div>
  );
}

function ToolTrend({ tool, height }: { tool: string | null; height: number }) {
  const { slug, filters, bucket, timeZone, traces, openRuns } = useMetricsScope();
  const isClient = useIsClient();
  const query = useTimeseries(slug, filters, { series: "tool", tool: tool ?? "", bucket, tz: timeZone }, { enabled: isClient && tool !== null });
  const markers = useDeployMarkers(slug, { from: filters.from, to: filters.to }, { enabled: isClient });
  return (
    <Card
      title={tool ? <>Latency of <span className="font-mono text-[12px]">{tool}</span></> : "Latency of a tool"}
      description={`p50 / p95 / p99 and error rate per ${bucket}`}
      actions={
        tool &&
        traces({ tool }) && (
          <span className="flex gap-3">
            <Link href={traces({ tool })!} className="text-xs font-medium text-accent-700 hover:underline">
              Runs →
            </Link>
            <Link href={toolRunsLinks(traces, tool).slowest!} className="hidden text-xs font-medium text-accent-700 hover:underline sm:inline">
              Slowest runs →
            </Link>
          </span>
        )
      }
    >
      {tool === null ? (
        <NoRuns what="tool calls" />
      ) : (
        <QueryBody query={query} isEmpty={(d) => d.points.every((p) => p.calls === 0)} empty={<NoRuns what={`calls of ${tool}`} />} loading={<ChartSkeleton height={height} />}>
          {(d) => (
            <TimeChart
              ariaLabel={`Latency of ${tool} over time`}
              height={height}
              points={d.points.map((p) => ({ start: p.start, end: p.end, errorRate: p.errorRate, p50: p.latencyMs.p50, p95: p.latencyMs.p95, p99: p.latencyMs.p99 }))}
              series={[
                { key: "errorRate", label: "Error rate", color: "#fecdd3", kind: "bar", axis: "right" },
                { key: "p50", label: "p50", color: COLORS.muted },
                { key: "p95", label: "p95", color: COLORS.accent },
                { key: "p99", label: "p99", color: COLORS.accentSoft, dashed: true },
              ]}
              formatTick={(iso) => formatAxisTime(iso, bucket)}
              formatBucket={(b) => formatBucket(b.start, b.end, bucket)}
              formatValue={(v, key) => (key === "errorRate" ? formatRate(v) : formatDurationMs(v))}
              formatAxis={formatAxisDurationMs}
              formatRightAxis={formatAxisRate}
              markers={markers}
              onSelect={openRuns && ((b) => openRuns({ tool, from: b.start, to: b.end }))}
              selectHint="Click to see the runs of this period"
            />
          )}
        </QueryBody>
      )}
    </Card>
  );
}

function ToolsTable({ rows, selected, onSelect }: { rows: Row[]; selected: string | null; onSelect: (tool: string) => void }) {
  const { traces } = useMetricsScope();
  const { sorted, thProps } = useTableSort(rows, { key: "calls", dir: "desc" });
  const stop = (e: MouseEvent) => e.stopPropagation();
  // Dotted underline: each number is a link to its runs, without turning the table blue.
  const cellLink = "rounded-sm underline decoration-slate-300 decoration-dotted underline-offset-2 hover:text-accent-700 hover:decoration-accent-500";
  return (
    <TableContainer>
      <Table aria-label="Tools">
        <THead>
          <tr>
            <Th {...thProps("tool", "asc")}>Tool</Th>
            <Th numeric {...thProps("calls")}>Calls</Th>
            <Th numeric {...thProps("errorRate")}>Error rate</Th>
            <Th numeric {...thProps("p50")}>p50</Th>
            <Th numeric {...thProps("p95")}>p95</Th>
            <Th numeric {...thProps("p99")}>p99</Th>
            <Th className="w-24" />
          </tr>
        </THead>
        <TBody>
          {sorted.map((t) => {
            const links = toolRunsLinks(traces, t.tool);
            return (
              <Tr key={t.tool} interactive selected={t.tool === selected} onClick={() => onSelect(t.tool)} data-testid="tool-row" data-tool={t.tool}>
                <Td className="font-mono text-xs">
                  <button
                    type="button"
                    className="text-left font-medium text-slate-900 hover:text-accent-700"
                    onClick={() => onSelect(t.tool)}
                    aria-pressed={t.tool === selected}
                  >
                    {t.tool}
                  </button>
                </Td>
                <Td numeric>
                  <RunsLink href={links.calls} onClick={stop} className={links.calls ? cellLink : undefined} title={`Runs that called ${t.tool}`}>
                    {formatCount(t.calls)}
                  </RunsLink>
                </Td>
                <Td numeric className={cn((t.errorRate ?? 0) >= 0.05 && "font-medium text-rose-700")}>
                  <RunsLink href={links.errors} onClick={stop} className={links.errors ? cellLink : undefined} title={`Runs with a ${t.tool} call not ok (error, timeout, blocked)`}>
                    {formatRate(t.errorRate)}
                  </RunsLink>
                </Td>
                <Td numeric muted>
                  {formatDurationMs(t.p50)}
                </Td>
                <Td numeric className="font-medium" data-col="p95">
                  <RunsLink href={links.slowest} onClick={stop} className={links.slowest ? cellLink : undefined} title={`Runs that called ${t.tool}, slowest ${t.tool} call first`}>
                    {formatDurationMs(t.p95)}
                  </RunsLink>
                </Td>
                <Td numeric muted>
                  {formatDurationMs(t.p99)}
                </Td>
                <Td align="right">
                  <RunsLink href={links.calls} onClick={stop} className="text-xs font-medium text-accent-700 hover:underline">
                    Runs →
                  </RunsLink>
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </TableContainer>
  );
}
