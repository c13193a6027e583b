"use client";
// Quality (issue 17, docs/quality.md): post-run quality scores per workflow — mean and 10th
// percentile per UTC day against the latest gold-set pass rate — and a table per workflow or
// release with the drift flag (7-day mean more than the project's margin below the 28-day mean,
// both ending at the window's end). Every number opens the scored runs behind it.
import { useState } from "react";
import Link from "next/link";
import { Card, EmptyState, Notice, Select, SkeletonRows, Tabs } from "@/components/ui";
import { TimeChart } from "@/components/charts/time-chart";
import { COLORS } from "@/components/charts/palette";
import { useQuality } from "@/lib/client/quality";
import type { QualityReport, WorkflowQuality } from "@/lib/shared/quality";
import { releasePath } from "@/lib/shared/releases";
import { formatAxisTime, formatBucket, formatDate, formatRate, formatScore } from "@/lib/shared/format";
import { QueryBody } from "../query-state";
import { useMetricsScope } from "../scope";
import { DriftBadge, QualityTable } from "./quality-table";

const DAY_MS = 86_400_000;
const UTC = { timeZone: "UTC" } as const;

/** The UTC days that meet [from, to), each clipped to the window (so its runs link is exact). */
function utcDays(from: string, to: string): { day: string; start: string; end: string }[] {
  const f = Date.parse(from);
  const t = Date.parse(to);
  const out: { day: string; start: string; end: string }[] = [];
  for (let d = Math.floor(f / DAY_MS) * DAY_MS; d < t; d += DAY_MS)
    out.push({ day: new Date(d).toISOString().slice(0, 10), start: new Date(Math.max(d, f)).toISOString(), end: new Date(Math.min(d + DAY_MS, t)).toISOString() });
  return out;
}

const hasScores = (r: QualityReport) => r.workflows.some((w) => w.scoredRuns > 0 || w.drift.baselineScoredRuns > 0);

export function QualityPanel() {
  const { slug, filters } = useMetricsScope();
  const query = useQuality(slug, filters);
  const margin = query.data ? formatScore(query.data.driftMargin) : "the margin";
  return (
    <Card
      title="Quality"
      description={`Post-run quality score (0–1) per UTC day: mean and 10th percentile, against the latest gold-set pass rate · drift = 7-day mean more than ${margin} below the 28-day mean`}
      data-testid="quality"
    >
      <QueryBody
        query={query}
        isEmpty={(d) => !hasScores(d)}
        loading={<SkeletonRows rows={6} />}
        empty={
          <EmptyState
            compact
            title="No quality scores in this window"
            description="Runs carry a qualityScore (0–1) when your post-run evaluator sends one; gold-set results arrive through POST /api/v1/evals."
          />
        }
      >
        {(report) => <QualityBody report={report} />}
      </QueryBody>
    </Card>
  );
}

function QualityBody({ report }: { report: QualityReport }) {
  const drifting = report.workflows.filter((w) => w.drift.drifting);
  const scored = report.workflows.filter((w) => w.scoredRuns > 0);
  const [picked, setPicked] = useState<string | null>(null);
  const [by, setBy] = useState<"workflow" | "release">("workflow");
  const current = report.workflows.find((w) => w.workflow === picked) ?? drifting[0] ?? scored[0] ?? report.workflows[0];
  return (
    <div className="space-y-4">
      {drifting.length > 0 && (
        <Notice tone="bad">
          <span data-testid="quality-drift-notice">
            Quality drift in {drifting.map((w) => w.workflow).join(", ")}: the 7-day mean is more than {formatScore(report.driftMargin)} below the 28-day mean.
          </span>
        </Notice>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Workflow
          <Select aria-label="Workflow of the quality chart" value={current?.workflow ?? ""} onChange={(e) => setPicked(e.target.value)} className="w-56">
            {report.workflows.map((w) => (
              <option key={w.workflow} value={w.workflow}>
                {w.workflow}
                {w.drift.drifting ? " (drifting)" : ""}
              </option>
            ))}
          </Select>
        </label>
        {current && <DriftBadge drift={current.drift} />}
      </div>
      {current && <QualityChart report={report} row={current} />}
      <Tabs
        label="Quality by"
        value={by}
        onChange={(id) => setBy(id as "workflow" | "release")}
        items={[
          { id: "workflow", label: "By workflow", count: report.workflows.length },
          { id: "release", label: "By release", count: report.releases.length },
        ]}
      />
      <QualityTable report={report} by={by} />
    </div>
  );
}

function QualityChart({ report, row }: { report: QualityReport; row: WorkflowQuality }) {
  const { slug, openRuns } = useMetricsScope();
  const byDay = new Map(row.days.map((d) => [d.day, d]));
  const gold = row.goldSet?.passRate ?? null;
  const points = utcDays(report.window.from, report.window.to).map((d) => ({
    start: d.start,
    end: d.end,
    mean: byDay.get(d.day)?.meanQualityScore ?? null,
    p10: byDay.get(d.day)?.p10QualityScore ?? null,
    gold,
  }));
  if (row.scoredRuns === 0)
    return <EmptyState compact title={`No scored runs of ${row.workflow} in this window`} description="Pick another workflow, or widen the window." />;
  return (
    <div data-testid="quality-chart">
      <TimeChart
        ariaLabel={`Mean and 10th percentile of the quality score per day, ${row.workflow}`}
        points={points}
        series={[
          // The p10 first, so the mean is drawn over it where they meet (a day with one scored run).
          { key: "p10", label: "10th percentile", color: COLORS.accentSoft },
          { key: "mean", label: "Mean score", color: COLORS.accent },
          ...(gold === null ? [] : [{ key: "gold" as const, label: `Gold-set pass rate (${row.goldSet!.release})`, color: COLORS.escalated, dashed: true }]),
        ]}
        bucket="day"
        yDomain={[0, 1]}
        formatTick={(iso) => formatAxisTime(iso, "day", UTC)}
        formatBucket={(b) => `${formatBucket(b.start, b.end, "day", UTC)} UTC`}
        formatValue={(v, key) => (key === "gold" ? formatRate(v) : formatScore(v))}
        formatAxis={(v) => formatScore(v)}
        onSelect={openRuns && ((b) => openRuns({ workflow: row.workflow, scored: true, from: b.start, to: b.end }))}
        selectHint="Click a day to see its scored runs"
      />
      {row.goldSet && (
        <p className="mt-2 text-xs text-slate-500">
          Gold set: {row.goldSet.goldSet} · {formatRate(row.goldSet.passRate)} ({row.goldSet.passed}/{row.goldSet.total}) on{" "}
          <Link className="hover:underline" href={releasePath(slug, row.goldSet.release)}>
            {row.goldSet.release}
          </Link>
          , {formatDate(row.goldSet.ranAt, UTC)} UTC
        </p>
      )}
    </div>
  );
}
