"use client";
// KPI tables of the review: the project this week vs last week, each workflow, the slowest tools,
// and the newest release against the one before (by rates only, run counts as context). Colours
// say whether a change is good for that KPI; a count's change is never coloured, and nothing is
// compared with a period that had no runs.
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, Card, EnvironmentBadge, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import type { Verdict } from "@/lib/shared/metrics";
import { formatCount, formatDelta, formatKpiValue } from "@/lib/shared/format";
import {
  compareKpi,
  P95_KPI,
  RELEASE_KPIS,
  reviewRunsHref,
  WEEK_KPIS,
  weekKpiRuns,
  WORKFLOW_KPIS,
  type KpiComparison,
  type Review,
  type ReviewRunsNarrow,
} from "@/lib/shared/review";

/** On a phone and on paper (A4, 794 px) cells pad less (and on paper headers wrap), so tables fit the width. */
export const TIGHT_CELLS = "max-sm:[&_td]:px-2 max-sm:[&_th]:px-2 print:[&_td]:px-1.5 print:[&_th]:px-1.5 print:[&_th]:whitespace-normal";

const VERDICT_CLASS: Record<Verdict, string> = { better: "bg-emerald-50 text-emerald-700", worse: "bg-rose-50 text-rose-700", same: "bg-slate-100 text-slate-600" };

export function ChangeCell({ row }: { row: Pick<KpiComparison, "change" | "verdict"> }) {
  if (row.change === null) return <span className="text-slate-400" title="Nothing to compare with">—</span>;
  if (!row.verdict) return <span className="text-slate-500">{row.change}</span>;
  const arrow = row.verdict === "same" ? "" : row.change.startsWith("+") ? "▲ " : "▼ ";
  return (
    <span
      className={cn("inline-flex rounded px-1.5 py-px text-xs font-semibold whitespace-nowrap tabular-nums print:bg-transparent", VERDICT_CLASS[row.verdict])}
      title={row.verdict === "same" ? "unchanged" : row.verdict}
      data-verdict={row.verdict}
    >
      {arrow}
      {row.change}
    </span>
  );
}

/** A number that opens the runs behind it, or plain text (no runs set, or a role without traces). */
function RunsNumber({ href, label, children }: { href: string | null; label: string; children: ReactNode }) {
  if (!href) return <>{children}</>;
  return (
    <Link href={href} className="hover:text-accent-700 hover:underline" aria-label={label}>
      {children}
    </Link>
  );
}

export function KpiCard({ review, slug, canTrace }: { review: Review; slug: string; canTrace: boolean }) {
  const { current, previous } = review.kpis;
  const hasPrevious = previous.runs > 0;
  const href = (narrow: ReviewRunsNarrow | null) => (canTrace && narrow ? reviewRunsHref(slug, { from: review.from, to: review.to }, narrow) : null);
  return (
    <Card
      title="KPIs"
      description={hasPrevious ? `${review.week} against ${review.previousWeek}` : `${review.week} · no runs in ${review.previousWeek} to compare with`}
      flush
      className="break-inside-avoid"
    >
      <TableContainer className="print:overflow-visible">
        <Table aria-label="KPIs" className={TIGHT_CELLS}>
          <THead>
            <Tr>
              <Th>KPI</Th>
              <Th numeric className="normal-case">
                {review.week}
              </Th>
              <Th numeric className="normal-case">
                {review.previousWeek}
              </Th>
              <Th numeric>Change</Th>
            </Tr>
          </THead>
          <TBody>
            <Tr>
              <Td>Runs</Td>
              <Td numeric className="font-medium">
                <RunsNumber href={href(weekKpiRuns("runs"))} label={`Runs of ${review.week}`}>
                  {formatCount(current.runs)}
                </RunsNumber>
              </Td>
              <Td numeric muted>
                {hasPrevious ? formatCount(previous.runs) : "—"}
              </Td>
              <Td numeric className="text-xs text-slate-500" title="Traffic, not quality: never coloured">
                {hasPrevious ? formatDelta(current.runs - previous.runs, "count") : <span className="text-slate-400">—</span>}
              </Td>
            </Tr>
            {WEEK_KPIS.map((k) => {
              const row = compareKpi(k, k.value(current), k.value(previous), hasPrevious);
              return (
                <Tr key={k.key}>
                  <Td title={k.description}>{k.label}</Td>
                  <Td numeric className="font-medium">
                    <RunsNumber href={href(weekKpiRuns(k.key))} label={`${k.label} of ${review.week}: its runs`}>
                      {formatKpiValue(row.current, k.unit)}
                    </RunsNumber>
                  </Td>
                  <Td numeric muted>
                    {formatKpiValue(row.previous, k.unit)}
                  </Td>
                  <Td numeric>
                    <ChangeCell row={row} />
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </TableContainer>
    </Card>
  );
}

function Environments({ names }: { names: string[] }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {names.map((e) => (
        <EnvironmentBadge key={e} environment={e} />
      ))}
    </span>
  );
}

export function ReleaseCard({ review, slug, canTrace }: { review: Review; slug: string; canTrace: boolean }) {
  const s = review.sinceRelease;
  return (
    <Card
      title="Since the last release"
      description={s ? `${s.release} against ${s.previousRelease} · by rates; runs as context` : "Needs two releases"}
      flush
      className="break-inside-avoid"
    >
      {s ? <ReleaseCompare s={s} slug={slug} canTrace={canTrace} /> : <p className="p-4 text-sm text-slate-500">Only one release has runs so far; nothing to compare.</p>}
    </Card>
  );
}

function ReleaseCompare({ s, slug, canTrace }: { s: NonNullable<Review["sinceRelease"]>; slug: string; canTrace: boolean }) {
  const runsOf = (release: string, from: string) => (canTrace ? reviewRunsHref(slug, { from, to: s.to }, { release }) : null);
  const hasPrevious = s.previous.runs > 0;
  return (
    <TableContainer className="print:overflow-visible">
      <Table aria-label="Release comparison" className={TIGHT_CELLS}>
        <THead>
          <Tr>
            <Th>KPI</Th>
            <Th numeric className="normal-case">
              <span className="font-mono normal-case">{s.release}</span>
            </Th>
            <Th numeric className="normal-case">
              <span className="font-mono normal-case">{s.previousRelease}</span>
            </Th>
            <Th numeric>Change</Th>
          </Tr>
        </THead>
        <TBody>
          <Tr className="text-slate-500">
            <Td title="Context: how many runs each side's rates rest on. Run counts are traffic, not quality, and are not compared.">Runs (context)</Td>
            <Td numeric>
              <RunsNumber href={runsOf(s.release, s.currentFrom)} label={`Runs of release ${s.release}`}>
                {formatCount(s.current.runs)}
              </RunsNumber>
              <div className="mt-0.5 flex justify-end">
                <Environments names={s.environments} />
              </div>
            </Td>
            <Td numeric>
              <RunsNumber href={runsOf(s.previousRelease, s.previousFrom)} label={`Runs of release ${s.previousRelease}`}>
                {formatCount(s.previous.runs)}
              </RunsNumber>
              <div className="mt-0.5 flex justify-end">
                <Environments names={s.previousEnvironments} />
              </div>
            </Td>
            <Td numeric>
              <Badge tone="muted" className="font-normal">
                not compared
              </Badge>
            </Td>
          </Tr>
          {RELEASE_KPIS.map((k) => {
            const row = compareKpi(k, k.value(s.current), k.value(s.previous), hasPrevious);
            return (
              <Tr key={k.key} data-testid={`release-kpi-${k.key}`}>
                <Td title={k.description}>{k.label}</Td>
                <Td numeric className="font-medium">
                  {formatKpiValue(row.current, k.unit)}
                </Td>
                <Td numeric muted>
                  {formatKpiValue(row.previous, k.unit)}
                </Td>
                <Td numeric>
                  <ChangeCell row={row} />
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
    </TableContainer>
  );
}

export function WorkflowCard({ review, slug, canTrace }: { review: Review; slug: string; canTrace: boolean }) {
  return (
    <Card title="Workflows" description="This week, and the change from last week" flush className="break-inside-avoid">
      <TableContainer className="print:overflow-visible">
        <Table aria-label="Workflows" className={cn("min-w-[36rem] print:min-w-0", TIGHT_CELLS)}>
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
            {review.workflows.map((w) => {
              const runs = w.current?.runs ?? 0;
              const prevRuns = w.previous?.runs ?? 0;
              return (
                <Tr key={w.workflow}>
                  <Td mono className="[overflow-wrap:anywhere]">
                    {w.workflow}
                    {!w.current && (
                      <Badge tone="muted" className="ml-2">
                        no runs this week
                      </Badge>
                    )}
                  </Td>
                  <Td numeric className="whitespace-nowrap">
                    <RunsNumber href={canTrace && runs > 0 ? reviewRunsHref(slug, review, { workflow: w.workflow }) : null} label={`Runs of ${w.workflow} in ${review.week}`}>
                      {formatCount(runs)}
                    </RunsNumber>{" "}
                    {w.previous && <span className="text-xs text-slate-400">({formatDelta(runs - prevRuns, "count")})</span>}
                  </Td>
                  {WORKFLOW_KPIS.map((k) => {
                    const row = compareKpi(k, w.current ? k.value(w.current) : null, w.previous ? k.value(w.previous) : null);
                    return (
                      <Td key={k.key} numeric className="whitespace-nowrap">
                        <span className="mr-2">{formatKpiValue(row.current, k.unit)}</span>
                        <ChangeCell row={row} />
                      </Td>
                    );
                  })}
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </TableContainer>
    </Card>
  );
}

export function ToolsCard({ review }: { review: Review }) {
  return (
    <Card title="Slowest tools" description="Top 5 by p95 latency this week" flush className="break-inside-avoid">
      <TableContainer className="print:overflow-visible">
        <Table aria-label="Slowest tools" className={cn("min-w-[28rem] print:min-w-0", TIGHT_CELLS)}>
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
              const row = compareKpi(P95_KPI, t.latencyMs.p95, t.previousP95Ms);
              return (
                <Tr key={t.tool}>
                  <Td mono className="[overflow-wrap:anywhere]">
                    {t.tool}
                  </Td>
                  <Td numeric>{formatCount(t.calls)}</Td>
                  <Td numeric className="font-medium whitespace-nowrap">
                    {formatKpiValue(row.current, "ms")}
                  </Td>
                  <Td numeric muted className="whitespace-nowrap">
                    {formatKpiValue(row.previous, "ms")}
                  </Td>
                  <Td numeric className="whitespace-nowrap">
                    <ChangeCell row={row} />
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </TableContainer>
    </Card>
  );
}
