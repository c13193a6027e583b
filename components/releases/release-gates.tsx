"use client";
// A release's verdict: promote or hold, the gates as a checklist, and the canary side by side
// with the production baseline of the other releases.
import { Card, ErrorState, Notice, SkeletonRows, StatusBadge, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useReleaseGates, type ReleaseGatesData } from "@/lib/client/releases";
import { GATE_LABELS, type CohortStats, type Gate } from "@/lib/shared/gates";
import { formatCount, formatDateTime, formatDelta, formatDurationMs, formatGateValue, formatRate, formatUsd } from "@/lib/shared/format";
import { deltaTone, GATE_OPERATOR } from "./compare";
import { AreaOwner } from "@/components/governance/area-owner";

export function ReleaseGates({ release }: { release: string }) {
  const { slug } = useProject();
  const q = useReleaseGates(slug, release);
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} retrying={q.isFetching} />;
  if (q.isPending)
    return (
      <Card title="Gates">
        <SkeletonRows rows={4} />
      </Card>
    );
  const data = q.data;
  return (
    <div className="space-y-4">
      <Verdict data={data} />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Checklist data={data} />
        <CanaryComparison data={data} />
      </div>
    </div>
  );
}

function Verdict({ data }: { data: ReleaseGatesData }) {
  const failing = data.gates.filter((g) => !g.pass);
  return (
    <section
      data-testid="gate-verdict"
      aria-live="polite"
      className={cn(
        "flex flex-wrap items-center justify-between gap-3 rounded-lg border px-5 py-4",
        data.pass ? "border-emerald-200 bg-emerald-50" : "border-rose-200 bg-rose-50",
      )}
    >
      <div>
        <p className={cn("text-lg font-semibold", data.pass ? "text-emerald-800" : "text-rose-800")}>
          {data.pass ? "Promote" : "Hold — roll back"}
        </p>
        <p className={cn("text-sm", data.pass ? "text-emerald-700" : "text-rose-700")}>
          {data.pass
            ? `Every gate holds (${data.gates.length} of ${data.gates.length}): this release may take more traffic.`
            : `Failing: ${failing.map((g) => GATE_LABELS[g.name]).join(", ")}.`}
        </p>
      </div>
      <p className="text-xs text-slate-500">
        Window {formatDateTime(data.window.from)} → {formatDateTime(data.window.to)}
      </p>
    </section>
  );
}

function Checklist({ data }: { data: ReleaseGatesData }) {
  const hasCanary = data.gates.some((g) => g.name === "canary_escalation_rate");
  return (
    <Card
      title="Gates"
      description={`${data.gates.filter((g) => g.pass).length} of ${data.gates.length} pass · a gate with no data fails`}
      flush
    >
      <AreaOwner area="release_gates" className="border-b border-slate-100 px-4 py-2" />
      <ul className="divide-y divide-slate-100" aria-label="Gate checklist">
        {data.gates.map((g) => (
          <GateRow key={g.name} gate={g} />
        ))}
      </ul>
      {!hasCanary && (
        <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
          No canary runs of this release in the window, so the canary gate does not apply.
        </p>
      )}
    </Card>
  );
}

function GateRow({ gate }: { gate: Gate }) {
  return (
    <li data-testid={`gate-${gate.name}`} data-pass={gate.pass} className="flex items-start gap-3 px-4 py-3">
      <span
        aria-hidden
        className={cn(
          "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white",
          gate.pass ? "bg-emerald-500" : "bg-rose-500",
        )}
      >
        {gate.pass ? "✓" : "✕"}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex items-center justify-between gap-3">
          <span className="font-medium text-slate-800">{GATE_LABELS[gate.name]}</span>
          <StatusBadge status={gate.pass ? "pass" : "fail"} />
        </div>
        <p className="mt-0.5 text-xs text-slate-600 tabular-nums">
          actual <strong className="text-slate-900">{formatGateValue(gate.name, gate.actual)}</strong> · must be {GATE_OPERATOR[gate.name]}{" "}
          <strong className="text-slate-900">{formatGateValue(gate.name, gate.threshold)}</strong>
        </p>
        {gate.reason && <p className="mt-1 text-xs text-rose-700">{gate.reason}</p>}
      </div>
    </li>
  );
}

const ROWS: { label: string; get: (s: CohortStats) => number | null; fmt: (x: number | null) => string; kind: "rate" | "ms" | "usd"; higherIsBetter: boolean }[] = [
  { label: "Success rate", get: (s) => s.successRate, fmt: (x) => formatRate(x), kind: "rate", higherIsBetter: true },
  { label: "Escalation rate", get: (s) => s.escalationRate, fmt: (x) => formatRate(x), kind: "rate", higherIsBetter: false },
  { label: "Run p95", get: (s) => s.runP95Ms, fmt: formatDurationMs, kind: "ms", higherIsBetter: false },
  { label: "Cost per success", get: (s) => s.costPerSuccessUsd, fmt: formatUsd, kind: "usd", higherIsBetter: false },
];
const TONE = { good: "text-emerald-700", bad: "text-rose-700", neutral: "text-slate-500" } as const;

function CanaryComparison({ data }: { data: ReleaseGatesData }) {
  const { canary, production } = data.comparison;
  return (
    <Card
      title="Canary vs production"
      description="Rates compared; run counts are context (a canary is small by design), never scored"
      flush
    >
      {canary.runs === 0 ? (
        <Notice className="m-4">This release has no canary runs in the window.</Notice>
      ) : null}
      <TableContainer>
        <Table>
          <THead>
            <Tr>
              <Th>Metric</Th>
              <Th numeric>Canary</Th>
              <Th numeric>Production</Th>
              <Th numeric>Difference</Th>
            </Tr>
          </THead>
          <TBody>
            <Tr data-testid="comparison-runs">
              <Td className="whitespace-nowrap text-slate-500">Runs (context)</Td>
              <Td numeric muted>
                {formatCount(canary.runs)}
              </Td>
              <Td numeric muted>
                {formatCount(production.runs)}
              </Td>
              <Td numeric muted>
                <span className="text-xs" title="Run counts differ by design: only rates are compared">not compared</span>
              </Td>
            </Tr>
            {ROWS.map((row) => {
              const c = canary.runs ? row.get(canary) : null;
              const p = production.runs ? row.get(production) : null;
              const d = c === null || p === null ? null : c - p;
              return (
                <Tr key={row.label}>
                  <Td className="whitespace-nowrap">{row.label}</Td>
                  <Td numeric>{row.fmt(c)}</Td>
                  <Td numeric>{row.fmt(p)}</Td>
                  <Td numeric className={TONE[deltaTone(d, row.higherIsBetter)]}>
                    {formatDelta(d, row.kind)}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </TableContainer>
      {canary.runs > 0 && production.runs === 0 && (
        <Notice tone="warn" className="m-4">
          No production runs of other releases in the window: the canary has no baseline, so its gate fails.
        </Notice>
      )}
    </Card>
  );
}
