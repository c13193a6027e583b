"use client";
// Budgets: runs that went over their workflow's budget (tool calls, duration, tokens, cost), by day,
// by workflow and by release. Every count opens exactly those runs (budgetBreached=true + the row's scope).
import Link from "next/link";
import { useProject } from "@/components/shell/project-context";
import { Card, EmptyState, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { COLORS } from "@/components/charts/palette";
import { RunsLink } from "@/components/metrics/runs-link";
import { useMetricsScope } from "@/components/metrics/scope";
import { withBudgetBreached } from "@/lib/client/guardrails";
import type { TraceLink } from "@/lib/client/metrics";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { formatCount, formatRate, formatUsd } from "@/lib/shared/format";
import { CountLink, DayChart, dayPoints } from "./parts";

type Budgets = GuardrailsMetrics["budgets"];
type Row = Omit<Budgets["byWorkflow"][number], "workflow"> & { key: string };

const LIMIT_LABELS: Record<Budgets["byLimit"][number]["limit"], string> = {
  tool_calls: "tool calls",
  duration: "duration",
  tokens: "tokens",
  cost: "cost",
};

export function BudgetsSection({ data }: { data: GuardrailsMetrics }) {
  const b = data.budgets;
  const { traces } = useMetricsScope();
  const { slug } = useProject();
  const breached = (narrow: TraceLink = {}) => withBudgetBreached(traces(narrow));
  return (
    <section aria-labelledby="guardrails-budgets" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="guardrails-budgets" className="text-sm font-semibold text-slate-800">
          Budgets
        </h2>
        <Link href={`/${encodeURIComponent(slug)}/guardrails/settings`} className="text-xs text-accent-700 hover:underline" data-testid="guardrail-settings-link">
          Budgets and detector settings →
        </Link>
      </div>
      {b.breachingRuns === 0 ? (
        <Card>
          <EmptyState
            compact
            title="No budget breaches in this window"
            description="No run went over its workflow's budget of tool calls, duration, tokens or cost. Budgets are set per workflow in the guardrail settings."
          />
        </Card>
      ) : (
        <>
          <Card title="Runs over budget by day" description={`${formatCount(b.breachingRuns)} of ${formatCount(data.runs)} runs (${formatRate(b.breachRate)}) · click a day for its runs`}>
            <p className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
              {b.byLimit.map((l) => (
                <span key={l.limit}>
                  over {LIMIT_LABELS[l.limit]}: <span className="font-medium text-slate-700">{formatCount(l.runs)}</span>
                </span>
              ))}
            </p>
            <DayChart
              ariaLabel="Runs over budget by day"
              points={dayPoints(b.byDay)}
              series={[
                { key: "breachingRuns", label: "Runs over budget", color: COLORS.failure, kind: "bar" },
                { key: "runs", label: "All runs", color: COLORS.muted, kind: "line", dashed: true },
              ]}
              link={{}}
              budgetBreached
              formatValue={(v) => formatCount(v)}
            />
          </Card>
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
            <BreachTable title="By workflow" rows={b.byWorkflow.map((w) => ({ ...w, key: w.workflow }))} scope={(key) => ({ workflow: key })} breached={breached} />
            <BreachTable title="By release" rows={b.byRelease.map((r) => ({ ...r, key: r.release }))} scope={(key) => ({ release: key })} breached={breached} mono />
          </div>
        </>
      )}
    </section>
  );
}

function BreachTable({
  title,
  rows,
  scope,
  breached,
  mono,
}: {
  title: string;
  rows: Row[];
  scope: (key: string) => TraceLink;
  breached: (narrow?: TraceLink) => string | null;
  mono?: boolean;
}) {
  const { traces } = useMetricsScope();
  const what = title.replace("By ", "");
  return (
    <Card title={`Budget breaches ${title.toLowerCase()}`} description="Breach rate = runs over budget / runs; cost = their whole cost" flush>
      <TableContainer>
        <Table aria-label={`Budget breaches ${title.toLowerCase()}`}>
          <THead>
            <tr>
              <Th>{what[0].toUpperCase() + what.slice(1)}</Th>
              <Th numeric>Runs</Th>
              <Th numeric>Over budget</Th>
              <Th numeric>Breach rate</Th>
              <Th numeric>Cost of those runs</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <Tr key={r.key}>
                <Td className={mono ? "font-mono text-xs" : undefined}>{r.key}</Td>
                <Td numeric muted>
                  <CountLink href={traces(scope(r.key))} value={r.runs} label={`Runs of ${r.key}`} />
                </Td>
                <Td numeric className="font-medium">
                  <CountLink href={breached(scope(r.key))} value={r.breachingRuns} label={`Runs of ${r.key} over budget`} />
                </Td>
                <Td numeric>{formatRate(r.breachRate)}</Td>
                <Td numeric>
                  <RunsLink href={r.breachingRuns === 0 ? null : breached({ ...scope(r.key), sort: "cost", order: "desc" })} className="hover:underline">
                    {formatUsd(r.breachingCostUsd)}
                  </RunsLink>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </TableContainer>
    </Card>
  );
}
