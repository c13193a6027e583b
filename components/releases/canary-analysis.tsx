"use client";
// "Canary analysis": the statistical verdict of CONTRACT §9 (what Argo Rollouts, Flagger and CI
// read from GET /api/v1/releases/{release}/analysis) with every check's numbers. The window is the
// server's default (since the latest stage change, 7 days at most), except for a rolled-back
// release: then the stage that was rolled back, so the page shows why.
import Link from "next/link";
import { Badge, Card, ErrorState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { tracesHref } from "@/lib/client/metrics";
import { stageText, useReleaseAnalysis, useStageHistory } from "@/lib/client/rollouts";
import { CANARY_CHECK_LABELS, type CanaryVerdict } from "@/lib/shared/canary";
import type { CanaryCheckItem, ReleaseAnalysis, ReleaseEventItem } from "@/lib/shared/rollouts";
import {
  formatCount,
  formatDateTime,
  formatDeltaPercent,
  formatDeltaPp,
  formatDurationMs,
  formatIntervalPp,
  formatPValue,
  formatRate,
} from "@/lib/shared/format";

const VERDICT: Record<CanaryVerdict, { tone: "good" | "bad" | "warn"; label: string; text: string; box: string }> = {
  pass: { tone: "good", label: "Pass", text: "Every check passes: the canary may take more traffic.", box: "border-emerald-200 bg-emerald-50 text-emerald-800" },
  fail: { tone: "bad", label: "Fail", text: "A check fails: roll the canary back.", box: "border-rose-200 bg-rose-50 text-rose-800" },
  inconclusive: {
    tone: "warn",
    label: "Inconclusive",
    text: "Not enough evidence either way yet: hold the traffic where it is.",
    box: "border-amber-200 bg-amber-50 text-amber-900",
  },
};

function VerdictBadge({ verdict }: { verdict: CanaryVerdict }) {
  return (
    <Badge tone={VERDICT[verdict].tone} dot>
      {VERDICT[verdict].label}
    </Badge>
  );
}

/** A rolled-back release: the stage it rolled back, and when (the server analyses that stage by default). */
interface RolledBack {
  /** The stage that was rolled back, and when. */
  stage: ReleaseEventItem;
  at: string;
}

function useRolledBack(slug: string, release: string): { rolledBack: RolledBack | null; ready: boolean } {
  const history = useStageHistory(slug, release);
  const events = history.data?.events ?? [];
  const last = events[events.length - 1];
  const prev = events[events.length - 2];
  if (last?.stage === "rolled_back" && prev && Date.parse(prev.at) < Date.parse(last.at)) return { rolledBack: { stage: prev, at: last.at }, ready: true };
  return { rolledBack: null, ready: !history.isPending };
}

export function CanaryAnalysis({ release }: { release: string }) {
  const { slug } = useProject();
  const w = useRolledBack(slug, release);
  const q = useReleaseAnalysis(slug, release);
  const title = "Canary analysis";
  if (q.isError) return <ErrorState title="Could not load the canary analysis" error={q.error} onRetry={() => q.refetch()} retrying={q.isFetching} />;
  if (!w.ready || q.isPending)
    return (
      <Card title={title} aria-busy="true">
        <SkeletonRows rows={5} />
      </Card>
    );
  return <AnalysisCard data={q.data} rolledBack={w.rolledBack} />;
}

function AnalysisCard({ data, rolledBack }: { data: ReleaseAnalysis; rolledBack: RolledBack | null }) {
  const { slug, can } = useProject();
  const v = VERDICT[data.verdict];
  const canaryRuns = data.checks.find((c) => c.name === "escalation_rate")?.n.canary ?? 0;
  const runsHref = can("traces:read") ? tracesHref(slug, data.window, { release: data.release }) : null;
  const { settings } = data;
  return (
    <Card
      title="Canary analysis"
      description={`The release's live runs vs production runs of the other releases · ${formatRate(settings.confidence, 1)} confidence · GET /api/v1/releases/{release}/analysis. The gates above hold every release to fixed thresholds, and a gate with no data fails; this analysis tests the canary against the baseline and stays inconclusive until it has the runs to decide, so the two can differ.`}
      flush
      data-testid="canary-analysis"
    >
      <div className={cn("flex flex-wrap items-center justify-between gap-3 border-b px-4 py-3", v.box)} data-testid="canary-verdict" data-verdict={data.verdict} aria-live="polite">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-base font-semibold">
            <VerdictBadge verdict={data.verdict} />
            <span>{v.text}</span>
          </p>
          <p className="mt-0.5 text-xs">
            {rolledBack ? (
              <>
                <strong>Rolled back</strong> {formatDateTime(rolledBack.at)}; the analysis of the stage it ended, <strong>{stageText(rolledBack.stage)}</strong> from{" "}
                {formatDateTime(rolledBack.stage.at)}
              </>
            ) : data.stage ? (
              <>
                Stage <strong>{stageText(data.stage)}</strong> since {formatDateTime(data.stage.at)}
              </>
            ) : (
              "No stage recorded: the last 7 days"
            )}
            {" · "}
            {runsHref ? (
              <Link href={runsHref} className="font-medium underline decoration-dotted underline-offset-2 hover:text-accent-700" data-testid="canary-runs-link">
                {formatCount(canaryRuns)} canary run{canaryRuns === 1 ? "" : "s"}
              </Link>
            ) : (
              <span>
                {formatCount(canaryRuns)} canary run{canaryRuns === 1 ? "" : "s"}
              </span>
            )}
          </p>
        </div>
        <p className="text-xs tabular-nums" data-testid="canary-window">
          Window {formatDateTime(data.window.from)} → {formatDateTime(data.window.to)}
        </p>
      </div>
      <TableContainer>
        <Table aria-label="Canary checks">
          <THead>
            <Tr>
              <Th>Check</Th>
              <Th>Verdict</Th>
              <Th numeric>Canary</Th>
              <Th numeric>Baseline</Th>
              <Th numeric>Diff</Th>
              <Th numeric>Interval</Th>
              <Th numeric title="canary / baseline">n</Th>
              <Th numeric title="Canary runs needed before the check may pass">Min sample</Th>
              <Th numeric>p-value</Th>
              <Th>Reason</Th>
            </Tr>
          </THead>
          <TBody>
            {data.checks.map((c) => (
              <CheckRow key={c.name} check={c} runsHref={runsHref} />
            ))}
          </TBody>
        </Table>
      </TableContainer>
      <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
        Rates: worse by more than {formatDeltaPp(settings.margin).replace("+", "")} with {formatRate(settings.confidence, 1)} confidence fails; passes once the
        interval is under the margin with the minimum sample. p95: fails when slower by more than {formatDeltaPercent(settings.latencyTolerance).replace("+", "")} and
        significantly slower. Any critical policy violation fails. Gold set: latest eval at least {formatRate(settings.goldSetMinPassRate)}.
      </p>
    </Card>
  );
}

/** A check's value in its unit. */
function value(c: CanaryCheckItem, x: number | null): string {
  if (c.name === "run_p95_latency") return formatDurationMs(x);
  if (c.name === "critical_policy_violations") return formatCount(x);
  return formatRate(x);
}

function diffText(c: CanaryCheckItem): string {
  if (c.name === "run_p95_latency") return formatDeltaPercent(c.diff);
  if (c.name === "critical_policy_violations") return "—";
  return formatDeltaPp(c.diff);
}

function intervalText(c: CanaryCheckItem): string {
  if (!c.interval) return "—";
  if (c.name === "run_p95_latency") return `${formatDeltaPercent(c.interval[0])} to ${formatDeltaPercent(c.interval[1])}`;
  return formatIntervalPp(c.interval);
}

/** Checks whose `n.canary` counts the canary runs (the gold set's counts eval cases). */
const RUN_COUNTED = new Set<CanaryCheckItem["name"]>(["escalation_rate", "failure_rate", "critical_policy_violations", "run_p95_latency"]);

function CheckRow({ check: c, runsHref }: { check: CanaryCheckItem; runsHref: string | null }) {
  const tone = c.verdict === "fail" ? "text-rose-700" : c.verdict === "pass" ? "text-slate-600" : "text-amber-800";
  const nCanary = formatCount(c.n.canary);
  return (
    <Tr data-testid={`canary-check-${c.name}`} data-verdict={c.verdict}>
      <Td className="whitespace-nowrap font-medium text-slate-800">{CANARY_CHECK_LABELS[c.name]}</Td>
      <Td>
        <VerdictBadge verdict={c.verdict} />
      </Td>
      <Td numeric data-col="canary">
        {value(c, c.canary)}
      </Td>
      <Td numeric data-col="baseline">
        {value(c, c.baseline)}
      </Td>
      <Td numeric data-col="diff" className="whitespace-nowrap">
        {diffText(c)}
      </Td>
      <Td numeric data-col="interval" className="whitespace-nowrap">
        {intervalText(c)}
      </Td>
      <Td numeric data-col="n" className="whitespace-nowrap">
        {runsHref && RUN_COUNTED.has(c.name) && c.n.canary > 0 ? (
          <Link href={runsHref} className="underline decoration-slate-300 decoration-dotted underline-offset-2 hover:text-accent-700" title="The canary runs">
            {nCanary}
          </Link>
        ) : (
          nCanary
        )}
        {" / "}
        {formatCount(c.n.baseline)}
      </Td>
      <Td numeric data-col="minSample">
        {formatCount(c.minSample)}
      </Td>
      <Td numeric data-col="pValue">
        {formatPValue(c.pValue)}
      </Td>
      <Td data-col="reason" className={cn("min-w-52 text-xs whitespace-normal", tone)}>
        {c.reason}
      </Td>
    </Tr>
  );
}
