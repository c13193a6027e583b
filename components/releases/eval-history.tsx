"use client";
// A release's gold-set results, latest first (the gold-set gate reads the first row).
import { Card, EmptyState, ErrorState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useReleaseEvals } from "@/lib/client/releases";
import { formatCount, formatDateTime, formatRate } from "@/lib/shared/format";

export function EvalHistory({ release }: { release: string }) {
  const { slug } = useProject();
  const q = useReleaseEvals(slug, release);
  const evals = q.data?.evals ?? [];
  return (
    <Card title="Gold-set results" description="POST /api/v1/evals from your eval pipeline; latest first" flush>
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} retrying={q.isFetching} compact />
      ) : q.isPending ? (
        <div className="p-4">
          <SkeletonRows rows={3} />
        </div>
      ) : evals.length === 0 ? (
        <EmptyState compact title="No gold-set results" description="Without one, the gold-set gate fails." />
      ) : (
        <TableContainer>
          <Table>
            <THead>
              <Tr>
                <Th>Ran at</Th>
                <Th>Gold set</Th>
                <Th numeric>Passed</Th>
                <Th numeric>Pass rate</Th>
              </Tr>
            </THead>
            <TBody>
              {evals.map((e, i) => (
                <Tr key={e.id}>
                  <Td muted>
                    {formatDateTime(e.ranAt)}
                    {i === 0 && <span className="ml-2 text-[11px] font-medium text-accent-700">used by the gate</span>}
                  </Td>
                  <Td>{e.goldSet}</Td>
                  <Td numeric>
                    {formatCount(e.passed)} / {formatCount(e.total)}
                  </Td>
                  <Td numeric>{formatRate(e.passRate)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableContainer>
      )}
    </Card>
  );
}
