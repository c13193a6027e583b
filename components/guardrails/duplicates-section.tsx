"use client";
// Duplicate side effects: side-effecting calls (a refund, a ticket) made twice for one input without
// one idempotency key — the double-charge risk — per tool and per workflow.
import { Card, EmptyState, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { RunsLink } from "@/components/metrics/runs-link";
import { useMetricsScope } from "@/components/metrics/scope";
import type { TraceLink } from "@/lib/client/metrics";
import type { GuardrailsMetrics } from "@/lib/shared/api/guardrails";
import { formatCount, formatUsd } from "@/lib/shared/format";
import { CountLink } from "./parts";

type Row = { key: string; runs: number; extraEffects: number; wastedCostUsd: number };

export function DuplicatesSection({ data }: { data: GuardrailsMetrics }) {
  const d = data.duplicateSideEffects;
  return (
    <section aria-labelledby="guardrails-duplicates" className="space-y-3">
      <h2 id="guardrails-duplicates" className="text-sm font-semibold text-slate-800">
        Duplicate side effects
      </h2>
      {d.runs === 0 ? (
        <Card>
          <EmptyState
            compact
            title="No duplicate side effects in this window"
            description="No side-effecting call was repeated without an idempotency key, or sent with two different keys for one input."
          />
        </Card>
      ) : (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <DupTable title="By tool" rows={d.byTool.map((r) => ({ ...r, key: r.tool }))} scope={(key) => ({ detectionTool: key })} mono />
          <DupTable title="By workflow" rows={d.byWorkflow.map((r) => ({ ...r, key: r.workflow }))} scope={(key) => ({ workflow: key })} />
        </div>
      )}
    </section>
  );
}

function DupTable({ title, rows, scope, mono }: { title: string; rows: Row[]; scope: (key: string) => TraceLink; mono?: boolean }) {
  const { traces } = useMetricsScope();
  const label = `Duplicate side effects ${title.toLowerCase()}`;
  return (
    <Card title={label} description="Extra effects = the effects beyond the first (the refunds or tickets made twice)" flush>
      <TableContainer maxHeight={360}>
        <Table aria-label={label}>
          <THead>
            <tr>
              <Th>{title.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}</Th>
              <Th numeric>Runs</Th>
              <Th numeric>Extra effects</Th>
              <Th numeric>Wasted</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => {
              const href = traces({ duplicateSideEffect: true, ...scope(r.key) });
              return (
                <Tr key={r.key}>
                  <Td className={mono ? "font-mono text-xs" : undefined}>{r.key}</Td>
                  <Td numeric className="font-medium">
                    <CountLink href={href} value={r.runs} label={`Runs with a duplicate side effect of ${r.key}`} />
                  </Td>
                  <Td numeric>
                    <CountLink href={href} value={r.extraEffects} label={`Runs behind ${formatCount(r.extraEffects)} extra effects of ${r.key}`} />
                  </Td>
                  <Td numeric>
                    <RunsLink href={r.runs === 0 ? null : traces({ duplicateSideEffect: true, ...scope(r.key), sort: "cost", order: "desc" })} className="hover:underline">
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
