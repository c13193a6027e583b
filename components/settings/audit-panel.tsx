"use client";
// The project's audit trail: the latest 50 changes (who, what, when), newest first.
import { Card, EmptyState, ErrorState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Time, Tr } from "@/components/ui";
import { useAuditEntries } from "@/lib/client/settings";
import { AUDIT_LIMIT } from "@/lib/shared/settings";
import { actorLabel, actorTitle, describeAudit } from "./audit-format";

export function AuditPanel({ slug }: { slug: string }) {
  const audit = useAuditEntries(slug);
  return (
    <Card title="Audit log" description={`Latest ${AUDIT_LIMIT} changes to this project, newest first`} flush>
      {audit.isPending ? (
        <SkeletonRows rows={5} />
      ) : audit.isError ? (
        <ErrorState compact title="Could not load the audit log" error={audit.error} onRetry={() => audit.refetch()} />
      ) : audit.data.length === 0 ? (
        <EmptyState compact title="No changes yet" description="Keys, members, incidents, fix items and settings changes appear here." />
      ) : (
        <TableContainer maxHeight={420}>
          <Table aria-label="Audit log">
            <THead>
              <Tr>
                <Th className="hidden sm:table-cell">When</Th>
                <Th className="hidden sm:table-cell">Who</Th>
                <Th>What</Th>
              </Tr>
            </THead>
            <TBody>
              {audit.data.map((e) => (
                <Tr key={e.id}>
                  <Td muted className="hidden w-36 whitespace-nowrap tabular-nums sm:table-cell">
                    <Time value={e.at} />
                  </Td>
                  <Td className="hidden max-w-48 truncate whitespace-nowrap sm:table-cell" title={actorTitle(e.actor)}>
                    {actorLabel(e.actor)}
                  </Td>
                  <Td className="break-words" title={e.action}>
                    {describeAudit(e)}
                    {/* On a phone the who and when go under the change instead of in columns of their own. */}
                    <span className="mt-0.5 block text-xs text-slate-500 tabular-nums sm:hidden">
                      {actorLabel(e.actor)} · <Time value={e.at} />
                    </span>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableContainer>
      )}
    </Card>
  );
}
