"use client";
// Blocked actions: calls a guardrail or allowlist stopped (status blocked), by tool, policy (the
// call's errorType) and workflow, their trend, and how the runs that hit a guardrail ended.
import { Card, EmptyState, OutcomeBadge, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { COLORS } from "@/components/charts/palette";
import { useMetricsScope } from "@/components/metrics/scope";
import type { TraceLink } from "@/lib/client/metrics";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { formatCount, formatRate } from "@/lib/shared/format";
import { ratio } from "@/lib/shared/metrics";
import { CountLink, DayChart, dayPoints } from "./parts";

const BLOCKED: TraceLink = { toolStatus: "blocked" };
const OUTCOMES = [
  { key: "success", label: "succeeded after a fallback", color: "bg-emerald-500" },
  { key: "escalated", label: "escalated to a person", color: "bg-amber-500" },
  { key: "failure", label: "failed", color: "bg-rose-500" },
] as const;

export function BlockedSection({ data }: { data: GuardrailsMetrics }) {
  const b = data.blocked;
  const { traces } = useMetricsScope();
  return (
    <section aria-labelledby="guardrails-blocked" className="space-y-3">
      <h2 id="guardrails-blocked" className="text-sm font-semibold text-slate-800">
        Blocked actions
      </h2>
      {b.calls === 0 ? (
        <Card>
          <EmptyState compact title="No blocked calls in this window" description="No tool call was stopped by a guardrail or an allowlist (status blocked)." />
        </Card>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
            <Card title="How runs that hit a guardrail ended" description={`${formatCount(b.runs)} of ${formatCount(data.runs)} runs (${formatRate(b.runShare)}) had a call blocked`}>
              <div className="mb-3 flex h-2.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                {OUTCOMES.map((o) => (
                  <span key={o.key} className={o.color} style={{ width: `${(ratio(b.outcomes[o.key], b.runs) ?? 0) * 100}%` }} />
                ))}
              </div>
              <ul className="space-y-1.5 text-sm" aria-label="Outcomes of runs with a blocked call">
                {OUTCOMES.map((o) => (
                  <li key={o.key} className="flex items-center justify-between gap-3" data-testid={`blocked-outcome-${o.key}`}>
                    <span className="flex min-w-0 items-center gap-2">
                      <OutcomeBadge outcome={o.key} />
                      <span className="truncate text-slate-600">{o.label}</span>
                    </span>
                    <span className="shrink-0 tabular-nums">
                      <CountLink
                        className="font-semibold text-slate-900"
                        href={traces({ ...BLOCKED, outcome: o.key })}
                        value={b.outcomes[o.key]}
                        label={`Runs with a blocked call that ${o.label}`}
                      />{" "}
                      <span className="text-xs text-slate-500">{formatRate(ratio(b.outcomes[o.key], b.runs))}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
            <Card title="Blocked calls by day" description="Click a day for its runs with a blocked call">
              <DayChart
                ariaLabel="Blocked calls by day"
                points={dayPoints(b.byDay)}
                series={[
                  { key: "calls", label: "Blocked calls", color: "#0ea5e9", kind: "bar" },
                  { key: "runs", label: "Runs", color: COLORS.axis, kind: "line" },
                ]}
                link={BLOCKED}
                formatValue={(v) => formatCount(v)}
              />
            </Card>
          </div>
          <Card title="Blocked calls by tool, policy and workflow" description="Policy = the call's errorType, what stopped it" flush>
            <TableContainer maxHeight={420}>
              <Table aria-label="Blocked calls by tool, policy and workflow">
                <THead>
                  <tr>
                    <Th>Tool</Th>
                    <Th>Policy</Th>
                    <Th>Workflow</Th>
                    <Th numeric>Calls</Th>
                    <Th numeric>Runs</Th>
                  </tr>
                </THead>
                <TBody>
                  {b.byTool.map((r) => {
                    // A policy-less row links by tool and status only (the runs list has no "no errorType" filter).
                    const href = traces({ ...BLOCKED, tool: r.tool, workflow: r.workflow, ...(r.errorType === null ? {} : { errorType: r.errorType }) });
                    return (
                      <Tr key={`${r.tool}|${r.errorType}|${r.workflow}`}>
                        <Td className="font-mono text-xs">{r.tool}</Td>
                        <Td>{r.errorType ?? <span className="text-slate-400">none given</span>}</Td>
                        <Td>{r.workflow}</Td>
                        <Td numeric className="font-medium">
                          <CountLink href={href} value={r.calls} label={`Runs behind ${r.calls} blocked calls of ${r.tool}`} />
                        </Td>
                        <Td numeric>
                          <CountLink href={href} value={r.runs} label={`Runs with a blocked call of ${r.tool}`} />
                        </Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
            </TableContainer>
          </Card>
        </>
      )}
    </section>
  );
}
