"use client";
// Settings → OpenTelemetry → Re-map: rebuild the runs of the project's stored traces with the
// current mapping (CONTRACT §7). The server does it in the background, 200 traces at a time; the
// panel shows the running job's progress (polled every second), then its counts, and the last
// jobs. An interrupted or failed job resumes where it stopped when re-mapped with the same date.
import { useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  Field,
  Input,
  Notice,
  SkeletonRows,
  Table,
  TableContainer,
  TBody,
  Td,
  Th,
  THead,
  Time,
  Tr,
  errorMessage,
  type BadgeTone,
} from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useRemapJobs, useStartRemap, type RemapJobView } from "@/lib/client/otel-remap";
import { useAuditEntries } from "@/lib/client/settings";
import { formatCount, formatDate } from "@/lib/shared/format";
import type { AuditTrailEntry } from "@/lib/shared/settings";
import { actorLabel } from "./audit-format";

const STATUS: Record<RemapJobView["status"], BadgeTone> = { running: "info", done: "good", failed: "bad", interrupted: "warn" };

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The day a job covers from ("2026-11-01", the UTC day the admin chose), or null for every trace. */
const sinceDay = (job: RemapJobView) => (job.since ? formatDate(job.since, { timeZone: "UTC" }) : null);

/** "2 runs rebuilt, 1 native run left as sent, 0 traces without a run" */
export function remapCounts(job: RemapJobView): string {
  return `${plural(job.runsWritten, "run")} rebuilt, ${plural(job.runsKept, "native run")} left as sent, ${plural(job.tracesWithoutRun, "trace")} without a run`;
}

export function OtelRemapPanel({ slug }: { slug: string }) {
  const jobs = useRemapJobs(slug);
  const start = useStartRemap(slug);
  // Who started a job: its audit entry names the person (the settings page loads the trail anyway).
  const audit = useAuditEntries(slug);
  const [since, setSince] = useState("");
  const running = jobs.data?.find((j) => j.status === "running") ?? null;
  const latest = jobs.data?.[0] ?? null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(since === "" ? null : since);
  };
  const resume = (job: RemapJobView) => start.mutate(sinceDay(job));
  const sinceIssue = start.error instanceof ApiError ? start.error.issues?.find((i) => i.path.endsWith("since"))?.message : undefined;

  return (
    <Card title="OpenTelemetry" description="Re-map: rebuild the runs of stored traces with the current mapping" aria-label="OpenTelemetry">
      <div className="space-y-4">
        <p className="max-w-3xl text-sm text-slate-600">
          Keel keeps every span it receives, as sent. Re-mapping rebuilds the runs of the stored traces with the current
          mapping, e.g. after an upgrade that reads more attributes; runs sent to <span className="font-mono text-xs">POST /api/v1/runs</span> are
          left as they are.
        </p>
        <form onSubmit={submit} aria-label="Re-map traces" className="flex flex-wrap items-start gap-x-3 gap-y-2">
          <Field label="Only traces since" hint="Optional, a day in UTC; empty: every trace" error={sinceIssue} className="w-64 max-w-full">
            {(p) => <Input {...p} type="date" value={since} onChange={(e) => setSince(e.target.value)} />}
          </Field>
          <Button type="submit" variant="primary" loading={start.isPending} disabled={running !== null} className="sm:mt-5">
            Re-map traces
          </Button>
        </form>
        {start.isError && !sinceIssue && <Notice tone="bad">{errorMessage(start.error)}</Notice>}
        {jobs.isPending ? (
          <SkeletonRows rows={3} />
        ) : jobs.isError ? (
          <ErrorState compact title="Could not load the re-maps" error={jobs.error} onRetry={() => jobs.refetch()} />
        ) : latest === null ? (
          <EmptyState compact title="No re-map yet" description="Runs are built as traces arrive; re-map when the mapping has changed." />
        ) : (
          <>
            {running ? <Progress job={running} /> : <Outcome job={latest} onResume={resume} resuming={start.isPending} />}
            <History jobs={jobs.data} audit={audit.data} onResume={resume} busy={running !== null || start.isPending} />
          </>
        )}
      </div>
    </Card>
  );
}

function Progress({ job }: { job: RemapJobView }) {
  const pct = job.totalTraces > 0 ? Math.min(100, (job.doneTraces / job.totalTraces) * 100) : 0;
  const text = `${formatCount(job.doneTraces)} of ${plural(job.totalTraces, "trace")}`;
  return (
    <div className="space-y-1.5" data-testid="remap-progress">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium text-slate-800">Re-mapping{sinceDay(job) ? ` traces since ${sinceDay(job)}` : ""}…</span>
        <span className="text-slate-600 tabular-nums">{text}</span>
      </div>
      <div
        role="progressbar"
        aria-label="Re-map progress"
        aria-valuemin={0}
        aria-valuemax={job.totalTraces}
        aria-valuenow={job.doneTraces}
        aria-valuetext={text}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-accent-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** The latest job once it stopped: its counts, or why it stopped and how to go on. */
function Outcome({ job, onResume, resuming }: { job: RemapJobView; onResume: (job: RemapJobView) => void; resuming: boolean }) {
  const scope = sinceDay(job) ? ` since ${sinceDay(job)}` : "";
  if (job.status === "done") {
    return (
      <Notice tone="good" className="space-y-0.5">
        <p data-testid="remap-result">
          Re-mapped {plural(job.doneTraces, "trace")}
          {scope}: {remapCounts(job)}.
        </p>
        <p className="text-xs">
          Finished <Time value={job.finishedAt} precision="seconds" />
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone={job.status === "failed" ? "bad" : "warn"}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0 space-y-0.5">
          <p data-testid="remap-result">
            {job.status === "failed" ? "The re-map failed" : "The re-map was interrupted (the server stopped)"} after{" "}
            {formatCount(job.doneTraces)} of {plural(job.totalTraces, "trace")}
            {scope}: {remapCounts(job)} so far.
          </p>
          {job.lastError && <p className="font-mono text-xs break-words">{job.lastError}</p>}
        </div>
        <Button size="sm" onClick={() => onResume(job)} loading={resuming}>
          Resume
        </Button>
      </div>
    </Notice>
  );
}

function startedBy(job: RemapJobView, audit: AuditTrailEntry[] | undefined): string {
  const entry = audit?.find((e) => e.action === "otel.remap" && e.targetId === job.id);
  if (entry) return actorLabel(entry.actor);
  if (job.actorLabel) return job.actorLabel;
  return job.actorType === "cli" ? "CLI" : job.actorType === "system" ? "Keel" : "an admin";
}

function History({
  jobs,
  audit,
  onResume,
  busy,
}: {
  jobs: RemapJobView[];
  audit: AuditTrailEntry[] | undefined;
  onResume: (job: RemapJobView) => void;
  busy: boolean;
}) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Latest re-maps</h3>
      <TableContainer className="rounded border border-slate-100">
        <Table aria-label="Re-maps" className="min-w-[52rem]">
          <THead>
            <Tr>
              <Th>Started</Th>
              <Th>By</Th>
              <Th>Since</Th>
              <Th>Status</Th>
              <Th numeric>Traces</Th>
              <Th numeric>Runs rebuilt</Th>
              <Th numeric>Native kept</Th>
              <Th numeric>Without a run</Th>
              <Th align="right">
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {jobs.map((j) => (
              <Tr key={j.id} data-testid={`remap-${j.id}`}>
                <Td muted className="whitespace-nowrap tabular-nums">
                  <Time value={j.startedAt} />
                </Td>
                <Td className="max-w-48 truncate whitespace-nowrap">{startedBy(j, audit)}</Td>
                <Td className="whitespace-nowrap">{sinceDay(j) ?? <span className="text-slate-400">all traces</span>}</Td>
                <Td className="max-w-64">
                  <Badge tone={STATUS[j.status]} dot>
                    {j.status}
                  </Badge>
                  {j.lastError && (
                    <span className="mt-0.5 block truncate font-mono text-[11px] text-rose-700" title={j.lastError}>
                      {j.lastError}
                    </span>
                  )}
                </Td>
                <Td numeric className="whitespace-nowrap">
                  {j.status === "done" ? formatCount(j.doneTraces) : `${formatCount(j.doneTraces)} of ${formatCount(j.totalTraces)}`}
                </Td>
                <Td numeric>{formatCount(j.runsWritten)}</Td>
                <Td numeric>{formatCount(j.runsKept)}</Td>
                <Td numeric>{formatCount(j.tracesWithoutRun)}</Td>
                <Td align="right">
                  {(j.status === "failed" || j.status === "interrupted") && (
                    <Button size="sm" onClick={() => onResume(j)} disabled={busy} aria-label={`Resume the re-map started ${formatDate(j.startedAt)}`}>
                      Resume
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </TableContainer>
    </div>
  );
}
