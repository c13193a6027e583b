"use client";
// The Guardrails page (issue 17): budgets, blocked actions, retry storms and loops, duplicate side
// effects of the window's runs (GET /api/v1/metrics/guardrails). The headline tiles, then a section
// each; every number opens exactly the runs behind it on the traces page.
import { Skeleton } from "@/components/ui";
import { NoRuns, QueryBody } from "@/components/metrics/query-state";
import { useMetricsScope } from "@/components/metrics/scope";
import { useGuardrailMetrics, withBudgetBreached } from "@/lib/client/guardrails";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { formatCount, formatRate, formatUsd } from "@/lib/shared/format";
import { BlockedSection } from "./blocked-section";
import { BudgetsSection } from "./budgets-section";
import { DuplicatesSection } from "./duplicates-section";
import { LoopsSection } from "./loops-section";
import { Tile, TileRow } from "./parts";

export function GuardrailsPanel() {
  const { slug, filters } = useMetricsScope();
  const query = useGuardrailMetrics(slug, filters);
  return (
    <QueryBody
      query={query}
      isEmpty={(d) => d.runs === 0}
      empty={<NoRuns slug={slug} />}
      loading={
        <div aria-busy="true" aria-label="Loading" className="space-y-4">
          <TileRow>
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-[74px]" />
            ))}
          </TileRow>
          <Skeleton className="h-64" />
        </div>
      }
    >
      {(data) => (
        <div className="space-y-6">
          <Tiles data={data} />
          <BudgetsSection data={data} />
          <BlockedSection data={data} />
          <LoopsSection data={data} />
          <DuplicatesSection data={data} />
        </div>
      )}
    </QueryBody>
  );
}

function Tiles({ data }: { data: GuardrailsMetrics }) {
  const { traces } = useMetricsScope();
  const kind = (k: string) => data.detections.byKind.find((x) => x.kind === k)!;
  const loopTile = (k: "repeated_call" | "cycle" | "failure_streak", label: string) => {
    const row = kind(k);
    return (
      <Tile
        testId={`tile-${k}`}
        label={label}
        value={formatCount(row.runs)}
        href={row.runs === 0 ? null : traces({ detection: k })}
        hint={`runs · ${formatUsd(row.wastedCostUsd)} wasted`}
      />
    );
  };
  const b = data.budgets;
  return (
    <TileRow>
      <Tile
        testId="tile-budgets"
        label="Runs over budget"
        value={formatCount(b.breachingRuns)}
        href={b.breachingRuns === 0 ? null : withBudgetBreached(traces())}
        hint={`${formatRate(b.breachRate)} of runs · ${formatUsd(b.breachingCostUsd)}`}
      />
      <Tile
        testId="tile-blocked"
        label="Blocked calls"
        value={formatCount(data.blocked.calls)}
        href={data.blocked.calls === 0 ? null : traces({ toolStatus: "blocked" })}
        hint={`in ${formatCount(data.blocked.runs)} runs (${formatRate(data.blocked.runShare)})`}
      />
      {loopTile("repeated_call", "Retry storms")}
      {loopTile("cycle", "Loops")}
      {loopTile("failure_streak", "Failure streaks")}
      <Tile
        testId="tile-duplicates"
        label="Duplicate side effects"
        value={formatCount(data.duplicateSideEffects.runs)}
        href={data.duplicateSideEffects.runs === 0 ? null : traces({ duplicateSideEffect: true })}
        hint={`runs · ${formatCount(data.duplicateSideEffects.extraEffects)} extra effects`}
      />
    </TileRow>
  );
}
