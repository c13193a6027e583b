"use client";
// The incidents page: status tabs and the list, newest first.
import Link from "next/link";
import { useState } from "react";
import { Card, ErrorState, SeverityBadge, SkeletonRows, StatusBadge, Table, TableContainer, TableEmpty, TBody, Td, Th, THead, Time, Tr, Tabs } from "@/components/ui";
import { useIncidents } from "@/lib/client/incidents";
import type { IncidentStatus } from "@/lib/shared/incidents";
import { formatCategory } from "@/lib/shared/format";

export function IncidentsList({ slug }: { slug: string }) {
  const [status, setStatus] = useState<IncidentStatus | "all">("all");
  const list = useIncidents(slug, status === "all" ? undefined : status);
  return (
    <Card
      flush
      title="Incidents"
      actions={
        <Tabs
          items={(["all", "open", "mitigated", "resolved"] as const).map((s) => ({ id: s, label: s[0].toUpperCase() + s.slice(1) }))}
          label="Incident status"
          value={status}
          onChange={(v) => setStatus(v as IncidentStatus | "all")}
        />
      }
    >
      {list.isPending ? (
        <div className="p-4">
          <SkeletonRows rows={5} />
        </div>
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} compact />
      ) : (
        <TableContainer>
        <Table aria-label="Incidents" className="min-w-[48rem]">
          <THead>
            <Tr>
              <Th>#</Th>
              <Th>Severity</Th>
              <Th>Title</Th>
              <Th>Status</Th>
              <Th>Failure</Th>
              <Th>Commander</Th>
              <Th numeric>Runs</Th>
              <Th>Opened</Th>
              <Th>Resolved</Th>
            </Tr>
          </THead>
          <TBody>
            {list.data.incidents.length === 0 && <TableEmpty colSpan={9}>No incidents{status === "all" ? "" : ` ${status}`}.</TableEmpty>}
            {list.data.incidents.map((i) => (
              <Tr key={i.id}>
                <Td mono muted>
                  {i.number}
                </Td>
                <Td>
                  <SeverityBadge severity={i.severity} />
                </Td>
                <Td className="max-w-80 truncate font-medium">
                  <Link href={`/${slug}/incidents/${i.number}`} className="text-accent-700 hover:underline">
                    {i.title}
                  </Link>
                </Td>
                <Td>
                  <StatusBadge status={i.status} />
                </Td>
                <Td className="max-w-64 truncate text-slate-600">
                  {i.failureCategory ? `${formatCategory(i.failureCategory)} · ${i.failureReason}` : "—"}
                </Td>
                <Td className="text-slate-600">{i.owner ? (i.owner.name ?? i.owner.email) : "unassigned"}</Td>
                <Td numeric>{i.runCount}</Td>
                <Td muted className="whitespace-nowrap">
                  <Time value={i.openedAt} />
                </Td>
                <Td muted className="whitespace-nowrap">
                  <Time value={i.resolvedAt} />
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
