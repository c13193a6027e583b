"use client";
// Retry storms and loops: the detections stored with each run at ingest (repeated calls, cycles,
// failure streaks), by kind, workflow and tool, with the cost of the repeated calls and the trend.
import { Card, EmptyState, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { COLORS } from "@/components/charts/palette";
import { RunsLink } from "@/components/metrics/runs-link";
import { useMetricsScope } from "@/components/metrics/scope";
import type { TraceLink } from "@/lib/client/metrics";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { formatCount, formatUsd } from "@/lib/shared/format";
import { DETECTION_LABELS, type LoopKind } from "@/lib/shared/guardrails";
import { LOOP_DETECTION_KINDS } from "@/lib/shared/detectors";
import { CountLink, DayChart, dayPoints } from "./parts";

const KIND_COLORS: Record<LoopKind, string> = { repeated_call: COLORS.accent, cycle: "#8b5cf6", failure_streak: COLORS.failure };
const KIND_HINT: Record<LoopKind, string> = {
  repeated_call: "one tool, the same input, 3+ times",
  cycle: "A → B → A → B, 2+ rounds",
  failure_streak: "3+ failing calls of one tool in a row",
};

type Detections = GuardrailsMetrics["detections"];

export function LoopsSection({ data }: { data: GuardrailsMetrics }) {
  const d = data.detections;
  const none = d.byKind.every((k) => k.runs === 0);
  // One point per day with a count per kind (the API lists day × kind).
  const byDay = dayPoints(
    [...new Set(d.byDay.map((r) => r.day))].map((day) => ({
      day,
      ...Object.fromEntries(LOOP_DETECTION_KINDS.map((k) => [k, d.byDay.find((r) => r.day === day && r.kind === k)?.runs ?? 0])),
    })) as ({ day: string } & Record<LoopKind, number>)[],
  );
  return (
    <section aria-labelledby="guardrails-loops" className="space-y-3">
      <h2 id="guardrails-loops" className="text-sm font-semibold text-slate-800">
        Retry storms &amp; loops
      </h2>
      {none ? (
        <Card>
          <EmptyState compact title="No retry storms in this window" description="No tool was called 3+ times with the same input, no agent went round in a loop, no tool failed 3+ times in a row." />
        </Card>
      ) : (
        <>
          <KindTiles rows={d.byKind} />
          <Card title="Runs with a retry storm, loop or failure streak by day" description="Click a day for its runs">
            <DayChart
              ariaLabel="Runs with a retry storm, loop or failure streak by day"
              points={byDay}
              series={LOOP_DETECTION_KINDS.map((k) => ({ key: k, label: DETECTION_LABELS[k].many, color: KIND_COLORS[k], kind: "bar" as const, stack: "kinds" }))}
              link={{}}
              formatValue={(v) => formatCount(v)}
            />
          </Card>
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
            <KindTable title="By workflow" rows={d.byWorkflow.map((r) => ({ ...r, key: r.workflow }))} scope={(key, kind) => ({ workflow: key, detection: kind })} />
            <KindTable title="By tool" rows={d.byTool.map((r) => ({ ...r, key: r.tool }))} mono />
          </div>
        </>
      )}
    </section>
  );
}

function KindTiles({ rows }: { rows: Detections["byKind"] }) {
  const { traces } = useMetricsScope();
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
      {rows.map((k) => (
        <div key={k.kind} data-testid={`loops-${k.kind}`} className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 py-2.5 shadow-xs">
          <div className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
            <span className="inline-block size-2 rounded-full" style={{ background: KIND_COLORS[k.kind] }} />
            {DETECTION_LABELS[k.kind].many}
          </div>
          <div className="flex items-baseline gap-2">
            <CountLink
              className="text-xl font-semibold text-slate-900 hover:text-accent-700"
              href={traces({ detection: k.kind })}
              value={k.runs}
              label={`Runs with a ${DETECTION_LABELS[k.kind].one.toLowerCase()}`}
            />
            <span className="text-xs text-slate-500">runs · {formatCount(k.detections)} found</span>
          </div>
          <div className="truncate text-[11px] text-slate-500">
            <RunsLink href={k.runs === 0 ? null : traces({ detection: k.kind, sort: "cost", order: "desc" })} className="hover:underline">
              {formatUsd(k.wastedCostUsd)}
            </RunsLink>{" "}
            wasted · {KIND_HINT[k.kind]}
          </div>
        </div>
      ))}
    </div>
  );
}

type KindRow = { key: string; kind: LoopKind; runs: number; detections: number; wastedCostUsd: number };

function KindTable({ title, rows, scope, mono }: { title: string; rows: KindRow[]; scope?: (key: string, kind: LoopKind) => TraceLink; mono?: boolean }) {
  const { traces } = useMetricsScope();
  const label = `Retry storms and loops ${title.toLowerCase()}`;
  return (
    <Card title={label} description={scope ? "Wasted = the cost of the repeated calls" : "For a loop, the tools of one round; wasted = the cost of the repeated calls"} flush>
      <TableContainer maxHeight={360}>
        <Table aria-label={label}>
          <THead>
            <tr>
              <Th>{title.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}</Th>
              <Th>Kind</Th>
              <Th numeric>Runs</Th>
              <Th numeric>Wasted</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => {
              const narrow = scope ? scope(r.key, r.kind) : { detection: r.kind, detectionTool: r.key };
              return (
                <Tr key={`${r.key}|${r.kind}`}>
                  <Td className={mono ? "font-mono text-xs" : undefined}>{r.key}</Td>
                  <Td>
                    <span className="inline-flex items-center gap-1.5 text-xs">
                      <span className="inline-block size-2 rounded-full" style={{ background: KIND_COLORS[r.kind] }} />
                      {DETECTION_LABELS[r.kind].one}
                    </span>
                  </Td>
                  <Td numeric className="font-medium">
                    <CountLink href={traces(narrow)} value={r.runs} label={`Runs with a ${DETECTION_LABELS[r.kind].one.toLowerCase()} of ${r.key}`} />
                  </Td>
                  <Td numeric>
                    <RunsLink href={r.runs === 0 ? null : traces({ ...narrow, sort: "cost", order: "desc" })} className="hover:underline">
                      {formatUsd(r.wastedCostUsd)}
                    </RunsLink>
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
