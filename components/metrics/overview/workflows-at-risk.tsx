"use client";
// The overview's shortlist: workflows with the lowest success rate, each opening its failed runs.
import { SkeletonRows, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useWorkflowMetrics } from "@/lib/client/metrics";
import { formatCount, formatRate } from "@/lib/shared/format";
import { QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";

export function WorkflowsAtRisk({ limit = 6 }: { limit?: number }) {
  const { slug, filters, traces } = useMetricsScope();
  const query = useWorkflowMetrics(slug, filters);
  return (
    <QueryBody query={query} isEmpty={(d) => d.length === 0} loading={<SkeletonRows rows={limit} />}>
      {(rows) => {
        // Lowest success first; the API's order (runs desc) breaks ties, so bigger workflows come first.
        const worst = [...rows].sort((a, b) => (a.successRate ?? 1) - (b.successRate ?? 1)).slice(0, limit);
        return (
          <Table aria-label="Workflows with the lowest success rate">
            <THead>
              <tr>
                <Th>Workflow</Th>
                <Th numeric>Runs</Th>
                <Th numeric className="w-44">
                  Success rate
                </Th>
                <Th numeric>Failures</Th>
              </tr>
            </THead>
            <TBody>
              {worst.map((w) => (
                <Tr key={w.workflow}>
                  <Td className="max-w-0 truncate">
                    <RunsLink className="font-medium text-slate-900 hover:text-accent-700 hover:underline" href={traces({ workflow: w.workflow, outcome: "failure" })} title={`Failed runs of ${w.workflow}`}>
                      {w.workflow}
                    </RunsLink>
                  </Td>
                  <Td numeric muted>
                    {formatCount(w.runs)}
                  </Td>
                  <Td numeric>
                    <div className="flex items-center justify-end gap-2">
                      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-rose-100" aria-hidden="true">
                        <div className="h-full rounded-full bg-emerald-500" style={{ width: `${(w.successRate ?? 0) * 100}%` }} />
                      </div>
                      <span className="w-12 text-right font-medium tabular-nums">{formatRate(w.successRate)}</span>
                    </div>
                  </Td>
                  <Td numeric>
                    <RunsLink className="text-rose-700 hover:underline" href={traces({ workflow: w.workflow, outcome: "failure" })}>
                      {formatCount(w.failures)}
                    </RunsLink>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        );
      }}
    </QueryBody>
  );
}
