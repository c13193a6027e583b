"use client";
// One incident, as an SRE works it: the timeline (notes, changes, runs linked) with a note box,
// the linked runs with "Link runs…" (pick from a search), and status / severity / commander.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { Button, buttonClass, Card, ErrorState, Notice, OutcomeBadge, Select, SeverityBadge, SkeletonRows, StatusBadge, Table, TableContainer, TableEmpty, TBody, Td, Th, THead, Time, Tr } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useAddNote, useIncident, useUpdateIncident } from "@/lib/client/incidents";
import { useIncidentTimeline } from "@/lib/client/incident-response";
import { NEXT_STATUSES, NOTE_MAX_LENGTH, SEVERITIES, type IncidentDetail, type Severity } from "@/lib/shared/incidents";
import { formatCategory } from "@/lib/shared/format";
import { CommanderSelect } from "./commander-select";
import { LinkRunsButton } from "./link-runs-dialog";
import { IncidentTimeline } from "./timeline";
import { IncidentFixItemForm } from "./incident-fix-item";
import { ResponseTargets } from "./response-targets";
import { StakeholderUpdatePanel } from "./stakeholder-update";
import { RunbooksFor } from "@/components/runbooks/runbooks-for";

const ACTION_LABEL = { mitigated: "Mark mitigated", resolved: "Resolve", open: "Reopen" } as const;

export function IncidentDetailPanel({ slug, initial, canWrite }: { slug: string; initial: IncidentDetail; canWrite: boolean }) {
  const { data } = useIncident(slug, initial.number, initial);
  const inc = data ?? initial;
  const project = useProject();
  const me = project.user.email;
  const canReadRuns = project.can("traces:read");
  const canFixItems = project.can("fix-items:write");
  const timeline = useIncidentTimeline(slug, inc.number);
  const router = useRouter();
  const updateMutation = useUpdateIncident(slug, inc.number);
  // The page header (severity, title) is server-rendered: refresh it after a change.
  const update = {
    ...updateMutation,
    mutate: (input: Parameters<typeof updateMutation.mutate>[0]) => updateMutation.mutate(input, { onSuccess: () => router.refresh() }),
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="min-w-0 space-y-4">
        <Card title="Timeline" description="Oldest first: what happened and what was said">
          {timeline.isPending ? (
            <SkeletonRows rows={4} />
          ) : timeline.isError ? (
            <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} compact />
          ) : (
            <IncidentTimeline slug={slug} events={timeline.data.events} />
          )}
          {canWrite && <NoteForm slug={slug} number={inc.number} />}
        </Card>
        {canReadRuns && (
        <Card
          flush
          title="Linked runs"
          description={`${inc.runCount} run${inc.runCount === 1 ? "" : "s"}`}
          actions={canWrite ? <LinkRunsButton slug={slug} incident={inc} /> : undefined}
        >
          <TableContainer>
            <Table aria-label="Linked runs" className="min-w-[40rem]">
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
                    <Td mono className="whitespace-nowrap">
                      <Link className="text-accent-700 hover:underline" href={`/${slug}/traces/${encodeURIComponent(r.id)}`}>
                        {r.id}
                      </Link>
                    </Td>
                    <Td className="whitespace-nowrap">{r.workflow}</Td>
                    <Td>
                      <OutcomeBadge outcome={r.outcome} />
                    </Td>
                    <Td className="text-slate-600">{r.failureCategory ? `${formatCategory(r.failureCategory)} · ${r.failureReason}` : "—"}</Td>
                    <Td muted className="whitespace-nowrap tabular-nums">
                      <Time value={r.startedAt} precision="seconds" />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </TableContainer>
        </Card>
        )}
      </div>
      <div className="min-w-0 space-y-4">
        <Card title="Status">
          <div className="space-y-4">
            <div className="flex items-center gap-2">
              <StatusBadge status={inc.status} />
              <SeverityBadge severity={inc.severity} />
            </div>
            {canWrite && NEXT_STATUSES[inc.status].length > 0 && (
              <div className="flex flex-wrap gap-2">
                {NEXT_STATUSES[inc.status].map((s) => (
                  <Button
                    key={s}
                    variant={s === "resolved" ? "primary" : "secondary"}
                    loading={update.isPending && update.variables?.status === s}
                    onClick={() => update.mutate({ status: s })}
                  >
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
            {canWrite && inc.owner?.email !== me && (
              <Button variant="secondary" size="sm" loading={update.isPending && update.variables?.ownerEmail === me} onClick={() => update.mutate({ ownerEmail: me })}>
                Become commander
              </Button>
            )}
            {canWrite ? (
              <CommanderSelect
                slug={slug}
                value={inc.owner}
                pending={update.isPending && update.variables?.ownerEmail !== undefined}
                onChange={(email) => update.mutate({ ownerEmail: email })}
              />
            ) : (
              <p className="text-sm text-slate-600">Commander: {inc.owner ? (inc.owner.name ?? inc.owner.email) : "unassigned"}</p>
            )}
            {update.isError && <Notice tone="bad">{update.error.message}</Notice>}
          </div>
        </Card>
        <Card title="Response targets" description={`${inc.severity} tier`}>
          {timeline.data ? <ResponseTargets targets={timeline.data.targets} /> : timeline.isError ? <p className="text-sm text-slate-500">—</p> : <SkeletonRows rows={2} />}
          <p className="mt-2 text-xs text-slate-500">
            <Link href={`/${slug}/incidents/settings`} className="text-accent-700 hover:underline">
              Severity tiers and templates
            </Link>
          </p>
        </Card>
        {canWrite && (
          <Card title="Stakeholder update" description="From the project's templates, with this incident's numbers">
            <StakeholderUpdatePanel slug={slug} number={inc.number} />
          </Card>
        )}
        <Card title="Follow-up">
          <div className="flex flex-col items-start gap-3">
            <Link href={`/${slug}/incidents/${inc.number}/postmortem`} className={buttonClass("secondary", "md")}>
              Postmortem
            </Link>
            {canFixItems && (
              <IncidentFixItemForm
                slug={slug}
                number={inc.number}
                failure={inc.failureCategory && inc.failureReason ? { category: inc.failureCategory, reason: inc.failureReason } : null}
              />
            )}
          </div>
        </Card>
        <Card title="Details">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm">
            <dt className="text-slate-500">Opened</dt>
            <dd className="tabular-nums" data-testid="incident-opened-at">
              <Time value={inc.openedAt} />
            </dd>
            <dt className="text-slate-500">Mitigated</dt>
            <dd className="tabular-nums" data-testid="incident-mitigated-at">
              <Time value={inc.mitigatedAt} />
            </dd>
            <dt className="text-slate-500">Resolved</dt>
            <dd className="tabular-nums" data-testid="incident-resolved-at">
              <Time value={inc.resolvedAt} />
            </dd>
            <dt className="text-slate-500">Opened by</dt>
            <dd className="truncate">{inc.createdBy ? (inc.createdBy.name ?? inc.createdBy.email) : "—"}</dd>
            {inc.failureCategory && (
              <>
                <dt className="text-slate-500">Failure</dt>
                <dd className="min-w-0">
                  <Link
                    className="break-words text-accent-700 hover:underline"
                    href={`/${slug}/traces?${new URLSearchParams({ failureCategory: inc.failureCategory, failureReason: inc.failureReason ?? "" })}`}
                  >
                    {formatCategory(inc.failureCategory)} · {inc.failureReason}
                  </Link>
                </dd>
              </>
            )}
          </dl>
          {inc.description && <p className="mt-3 text-sm break-words whitespace-pre-wrap text-slate-700">{inc.description}</p>}
          <RunbooksFor category={inc.failureCategory} reason={inc.failureReason} className="mt-3" />
        </Card>
      </div>
    </div>
  );
}

function NoteForm({ slug, number }: { slug: string; number: number }) {
  const [body, setBody] = useState("");
  const add = useAddNote(slug, number);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (body.trim()) add.mutate(body, { onSuccess: () => setBody("") });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-2 border-t border-slate-100 pt-3 print:hidden">
      <label className="block space-y-1 text-xs font-medium text-slate-600">
        Add a note (plain text)
        <textarea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={onKey}
          maxLength={NOTE_MAX_LENGTH}
          rows={3}
          placeholder="What you found, what you tried, what's next…"
          className="block w-full rounded-md border border-slate-300 px-2.5 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
        />
      </label>
      {add.isError && <Notice tone="bad">{add.error.message}</Notice>}
      <div className="flex items-center justify-end gap-3">
        <span className="text-xs text-slate-400">Ctrl+Enter to send</span>
        <Button type="submit" variant="primary" size="sm" disabled={!body.trim()} loading={add.isPending}>
          Add note
        </Button>
      </div>
    </form>
  );
}
