import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { countSessionRuns, countSimilarFailures, getRunDetail } from "@/lib/server/queries/run-detail";
import { listRunIncidents } from "@/lib/server/queries/incidents";
import { can } from "@/lib/shared/permissions";
import { Card, PageHeader, buttonClass } from "@/components/ui";
import { EscBack } from "@/components/traces/esc-back";
import { RunSummary } from "@/components/traces/run-summary";
import { SpanEventList } from "@/components/traces/span-events";
import { Waterfall } from "@/components/traces/waterfall";
import { OpenIncidentButton } from "@/components/incidents/open-incident";
import { CreateFixItemButton } from "@/components/fix-items/create-fix-item-button";
import { RunbooksFor } from "@/components/runbooks/runbooks-for";

export const dynamic = "force-dynamic";

type Params = Promise<{ project: string; runId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Run ${decodeURIComponent((await params).runId)}` };
}

export default async function RunPage({ params }: { params: Params }) {
  const p = await params;
  const { project, role } = await requireProjectPage(p.project, "traces:read");
  const runId = decodeURIComponent(p.runId);
  const db = await getDatabase();
  const run = await getRunDetail(db, project.id, runId);
  if (!run) notFound();
  const [similarFailures, sessionRuns, incidents] = await Promise.all([
    run.failure ? countSimilarFailures(db, project.id, run.failure.category, run.failure.reason) : Promise.resolve(0),
    countSessionRuns(db, project.id, run.sessionId),
    listRunIncidents(db, project.id, run.id),
  ]);
  const listHref = `/${project.slug}/traces`;
  const failing = run.toolCalls.filter((c) => c.status !== "ok").length;
  return (
    <>
      <EscBack fallback={listHref} />
      <PageHeader
        title={
          <span>
            Run <span className="font-mono">{run.id}</span>
          </span>
        }
        description={
          <>
            <Link href={listHref} className="text-accent-700 hover:underline">
              ← Traces
            </Link>{" "}
            · Esc to go back
          </>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            {/* A failed run's reason can get its fix owner right here (owners and admins; renders nothing for others). */}
            {run.failure && (
              <CreateFixItemButton slug={project.slug} category={run.failure.category} reason={run.failure.reason} variant="secondary" />
            )}
            {can(role, "incidents:write") && (
              <OpenIncidentButton
                slug={project.slug}
                runIds={[run.id]}
                failure={run.failure}
                defaultTitle={run.failure ? `${run.workflow}: ${run.failure.reason}` : `${run.workflow}: run ${run.id}`}
              />
            )}
          </div>
        }
      />
      <div className="space-y-4">
        <RunSummary slug={project.slug} run={run} similarFailures={similarFailures} sessionRuns={sessionRuns} incidents={incidents} />
        {/* The runbooks of this failure (the tool: the first call that was not ok). */}
        {run.failure && (
          <RunbooksFor workflow={run.workflow} tool={run.toolCalls.find((c) => c.status !== "ok")?.name ?? null} category={run.failure.category} reason={run.failure.reason} />
        )}
        <Card
          flush
          title="Tool calls"
          description={`${run.toolCalls.length} calls · ${failing} not ok · click a call for its input and output${run.source === "otel" ? " and span events" : ""}`}
        >
          <Waterfall calls={run.toolCalls} runDurationMs={run.durationMs} runStartedAt={run.startedAt} detections={run.detections} />
        </Card>
        {run.spanEvents.length > 0 && (
          <Card title="Span events" description="Of the agent's and model calls' spans; a tool call's own events are in its row">
            <div className="space-y-3">
              {run.spanEvents.map((s) => (
                <section key={s.spanId} aria-label={`Events of span ${s.spanName}`} className="min-w-0 text-xs">
                  <h3 className="mb-1 flex min-w-0 flex-wrap items-baseline gap-x-2">
                    <span className="truncate font-mono text-[12px] font-semibold text-slate-800">{s.spanName}</span>
                    <span className="font-mono text-[11px] text-slate-400">span {s.spanId}</span>
                  </h3>
                  <SpanEventList events={s.events} />
                </section>
              ))}
            </div>
          </Card>
        )}
        <Card title="Metadata" description="As sent by the agent; stored, never interpreted">
          {run.metadata === null ? (
            <p className="text-sm text-slate-500">None sent.</p>
          ) : (
            <pre className="max-h-96 overflow-auto rounded bg-slate-50 p-3 font-mono text-xs text-slate-800">
              {JSON.stringify(run.metadata, null, 2)}
            </pre>
          )}
        </Card>
        <p className="text-xs text-slate-400">
          <Link className={buttonClass("ghost", "sm")} href={listHref}>
            Back to all runs
          </Link>
        </p>
      </div>
    </>
  );
}
