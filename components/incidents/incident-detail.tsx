"use client";
// One incident: move it open → mitigated → resolved, change severity/owner, link more runs.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Card, Input, Notice, Select, SeverityBadge, StatusBadge, Table, TableEmpty, TBody, Td, Th, THead, Tr, OutcomeBadge } from "@/components/ui";
import { useIncident, useLinkRuns, useUpdateIncident } from "@/lib/client/incidents";
import { NEXT_STATUSES, SEVERITIES, type IncidentDetail, type Severity } from "@/lib/shared/incidents";
import { formatCategory, formatTime } from "@/components/traces/format";

const ACTION_LABEL = { mitigated: "Mark mitigated", resolved: "Resolve", open: "Reopen" } as const;

export function IncidentDetailPanel({ slug, initial, canWrite }: { slug: string; initial: IncidentDetail; canWrite: boolean }) {
  const { data } = useIncident(slug, initial.number, initial);
  const inc = data ?? initial;
  const router = useRouter();
  const updateMutation = useUpdateIncident(slug, inc.number);
  // The page header (severity, title) is server-rendered: refresh it after a change.
  const update = {
    ...updateMutation,
    mutate: (input: Parameters<typeof updateMutation.mutate>[0]) => updateMutation.mutate(input, { onSuccess: () => router.refresh() }),
  };
  const link = useLinkRuns(slug, inc.number);
  const [owner, setOwner] = useState(inc.owner?.email ?? "");
  const [runIds, setRunIds] = useState("");

  const saveOwner = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ ownerEmail: owner.trim() ? owner.trim() : null });
  };
  const linkRuns = (e: FormEvent) => {
    e.preventDefault();
    const ids = runIds.split(/[\s,]+/).filter(Boolean);
    if (ids.length) link.mutate(ids, { onSuccess: () => setRunIds("") });
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
      <div className="space-y-4">
        <Card title="Timeline">
          <ol className="space-y-2 text-sm" aria-label="Timeline">
            <Step label="Opened" at={inc.openedAt} by={inc.createdBy?.email} />
            <Step label="Mitigated" at={inc.mitigatedAt} />
            <Step label="Resolved" at={inc.resolvedAt} />
          </ol>
          {inc.description && <p className="mt-4 text-sm whitespace-pre-wrap text-slate-700">{inc.description}</p>}
          {inc.failureCategory && (
            <p className="mt-4 text-sm text-slate-700">
              Failure:{" "}
              <Link
                className="text-accent-700 hover:underline"
                href={`/${slug}/traces?${new URLSearchParams({ failureCategory: inc.failureCategory, failureReason: inc.failureReason ?? "" })}`}
              >
                {formatCategory(inc.failureCategory)} · {inc.failureReason}
              </Link>
            </p>
          )}
        </Card>
        <Card flush title="Linked runs" description={`${inc.runCount} run${inc.runCount === 1 ? "" : "s"}`}>
          <Table aria-label="Linked runs">
            <THead>
              <Tr>
                <Th>Run</Th>
                <Th>Workflow</Th>
                <Th>Outcome</Th>
                <Th>Failure</Th>
                <Th>Started</Th>
              </Tr>
            </THead>
            <TBody>
              {inc.runs.length === 0 && <TableEmpty colSpan={5}>No runs linked yet.</TableEmpty>}
              {inc.runs.map((r) => (
                <Tr key={r.id}>
                  <Td mono>
                    <Link className="text-accent-700 hover:underline" href={`/${slug}/traces/${encodeURIComponent(r.id)}`}>
                      {r.id}
                    </Link>
                  </Td>
                  <Td>{r.workflow}</Td>
                  <Td>
                    <OutcomeBadge outcome={r.outcome} />
                  </Td>
                  <Td className="text-slate-600">{r.failureCategory ? `${formatCategory(r.failureCategory)} · ${r.failureReason}` : "—"}</Td>
                  <Td muted>{formatTime(r.startedAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
          {canWrite && (
            <form onSubmit={linkRuns} className="flex items-end gap-2 border-t border-slate-100 p-3">
              <label className="flex flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
                Link more runs (ids, comma or space separated)
                <Input value={runIds} onChange={(e) => setRunIds(e.target.value)} placeholder="run-123, run-456" />
              </label>
              <Button type="submit" loading={link.isPending}>
                Link runs
              </Button>
            </form>
          )}
          {link.isError && <Notice tone="bad" className="m-3">{link.error.message}</Notice>}
        </Card>
      </div>
      <Card title="Status">
        <div className="space-y-4">
          <div className="flex items-center gap-2">
            <StatusBadge status={inc.status} />
            <SeverityBadge severity={inc.severity} />
          </div>
          {canWrite && NEXT_STATUSES[inc.status].length > 0 && (
            <div className="flex gap-2">
              {NEXT_STATUSES[inc.status].map((s) => (
                <Button key={s} variant={s === "resolved" ? "primary" : "secondary"} loading={update.isPending && update.variables?.status === s} onClick={() => update.mutate({ status: s })}>
                  {ACTION_LABEL[s]}
                </Button>
              ))}
            </div>
          )}
          {canWrite && (
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
              Severity
              <Select value={inc.severity} onChange={(e) => update.mutate({ severity: e.target.value as Severity })}>
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
            </label>
          )}
          {canWrite ? (
            <form onSubmit={saveOwner} className="flex items-end gap-2">
              <label className="flex flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
                Owner
                <Input type="email" value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="unassigned" />
              </label>
              <Button type="submit">Save</Button>
            </form>
          ) : (
            <p className="text-sm text-slate-600">Owner: {inc.owner?.email ?? "unassigned"}</p>
          )}
          {update.isError && <Notice tone="bad">{update.error.message}</Notice>}
        </div>
      </Card>
    </div>
  );
}

function Step({ label, at, by }: { label: string; at: string | null; by?: string }) {
  return (
    <li className="flex items-center gap-3">
      <span className={`size-2.5 rounded-full ${at ? "bg-accent-600" : "bg-slate-200"}`} aria-hidden="true" />
      <span className="w-24 font-medium text-slate-800">{label}</span>
      <span className="text-slate-600" data-testid={`incident-${label.toLowerCase()}-at`}>
        {at ? formatTime(at) : "—"}
        {at && by ? ` by ${by}` : ""}
      </span>
    </li>
  );
}
