"use client";
// The quality table (issue 17, docs/quality.md): per workflow or per release, scored runs, mean
// and p10 over the window, the 7-day and 28-day means behind the drift flag, the latest gold-set
// result. Each number opens exactly the scored runs it was computed from (traces, `scored=true`,
// the row's workflow or release, the window or the drift span).
import Link from "next/link";
import { Badge, Table, TableContainer, TBody, Td, Th, THead, Tr, useTableSort } from "@/components/ui";
import { tracesHref, type TraceLink } from "@/lib/client/metrics";
import type { QualityReport, WorkflowQuality } from "@/lib/shared/quality";
import { releasePath } from "@/lib/shared/releases";
import { formatCount, formatDeltaScore, formatRate, formatScore } from "@/lib/shared/format";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";

type Row = Omit<WorkflowQuality, "workflow"> & {
  name: string;
  recent: number | null;
  baseline: number | null;
  drop: number | null;
  goldPassRate: number | null;
  drifting: number;
};

const link = "hover:underline";

export function QualityTable({ report, by }: { report: QualityReport; by: "workflow" | "release" }) {
  const { slug, filters, canTrace } = useMetricsScope();
  const rows: Row[] = (by === "workflow" ? report.workflows.map((w) => ({ ...w, name: w.workflow })) : report.releases.map((r) => ({ ...r, name: r.release }))).map(
    ({ workflow: _w, release: _r, ...g }: { workflow?: string; release?: string } & Omit<WorkflowQuality, "workflow"> & { name: string }) => ({
      ...g,
      recent: g.drift.recentMeanQualityScore,
      baseline: g.drift.baselineMeanQualityScore,
      drop: g.drift.drop,
      goldPassRate: g.goldSet?.passRate ?? null,
      drifting: g.drift.drifting ? 1 : 0,
    }),
  );
  const { sorted, thProps } = useTableSort(rows, { key: "drifting", dir: "desc" });
  /** The scored runs of a row in a span (the window, or a drift span that may start before it). */
  const runs = (name: string, span?: { from: string; to: string }): string | null => {
    if (!canTrace) return null;
    const narrow: TraceLink = { [by]: name, scored: true };
    return tracesHref(slug, span ? { ...filters, ...span } : filters, narrow);
  };
  const label = by === "workflow" ? "Workflow" : "Release";
  return (
    <TableContainer>
      <Table aria-label={`Quality by ${by}`}>
        <THead>
          <tr>
            <Th {...thProps("name", "asc")}>{label}</Th>
            <Th numeric {...thProps("scoredRuns")}>Scored runs</Th>
            <Th numeric {...thProps("meanQualityScore")}>Mean</Th>
            <Th numeric {...thProps("p10QualityScore")}>p10</Th>
            <Th numeric {...thProps("recent")}>7-day mean</Th>
            <Th numeric {...thProps("baseline")}>28-day mean</Th>
            <Th numeric {...thProps("drop")}>7 d vs 28 d</Th>
            <Th numeric {...thProps("goldPassRate")}>Gold set</Th>
            <Th {...thProps("drifting")}>Drift</Th>
          </tr>
        </THead>
        <TBody>
          {sorted.map((r) => {
            const window = r.scoredRuns === 0 ? null : runs(r.name);
            return (
              <Tr key={r.name} data-testid={`quality-row-${r.name}`}>
                <Td className={by === "release" ? "font-mono text-xs" : undefined}>
                  <RunsLink className="font-medium text-slate-900 hover:text-accent-700 hover:underline" href={canTrace ? tracesHref(slug, filters, { [by]: r.name }) : null}>
                    {r.name}
                  </RunsLink>
                </Td>
                <Td numeric muted>
                  <RunsLink className={link} href={window}>
                    {formatCount(r.scoredRuns)}
                  </RunsLink>
                </Td>
                <Td numeric className="font-medium">
                  <RunsLink className={link} href={window}>
                    {formatScore(r.meanQualityScore)}
                  </RunsLink>
                </Td>
                <Td numeric>
                  <RunsLink className={link} href={window}>
                    {formatScore(r.p10QualityScore)}
                  </RunsLink>
                </Td>
                <Td numeric>
                  <RunsLink className={link} href={r.recent === null ? null : runs(r.name, report.driftWindows.recent)}>
                    {formatScore(r.recent)}
                  </RunsLink>
                </Td>
                <Td numeric>
                  <RunsLink className={link} href={r.baseline === null ? null : runs(r.name, report.driftWindows.baseline)}>
                    {formatScore(r.baseline)}
                  </RunsLink>
                </Td>
                <Td numeric className={r.drifting ? "font-medium text-rose-700" : undefined}>
                  {formatDeltaScore(r.drop === null ? null : -r.drop)}
                </Td>
                <Td numeric muted>
                  {r.goldSet ? (
                    <Link className={link} href={releasePath(slug, r.goldSet.release)} title={`${r.goldSet.goldSet}: ${r.goldSet.passed}/${r.goldSet.total} on ${r.goldSet.release}`}>
                      {formatRate(r.goldSet.passRate)}
                    </Link>
                  ) : (
                    formatRate(null)
                  )}
                </Td>
                <Td>
                  <DriftBadge drift={r.drift} />
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </TableContainer>
  );
}

export function DriftBadge({ drift }: { drift: WorkflowQuality["drift"] }) {
  if (drift.drifting) return <Badge tone="bad" dot>Drifting</Badge>;
  if (drift.drop === null) return <Badge tone="muted" title="No scored run in the last 7 days or in the 28 days">No data</Badge>;
  return <Badge tone="good" dot>Stable</Badge>;
}
