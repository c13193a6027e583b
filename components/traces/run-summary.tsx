// The facts of one run above its waterfall: outcome, failure/escalation, model, cost, quality.
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, Card, EnvironmentBadge, OutcomeBadge, SeverityBadge, StatusBadge, Time } from "@/components/ui";
import type { IncidentView } from "@/lib/shared/incidents";
import type { RunDetail } from "@/lib/shared/run-detail";
import { formatCategory, formatCount, formatDurationMs, formatScore, formatUsd } from "@/lib/shared/format";
import { RunBudgetBreaches } from "./run-budget-breaches";


export function RunSummary({
  slug,
  run,
  similarFailures,
  sessionRuns,
  incidents,
}: {
  slug: string;
  run: RunDetail;
  similarFailures: number;
  sessionRuns: number;
  incidents: IncidentView[];
}) {
  const failureHref =
    run.failure &&
    `/${slug}/traces?${new URLSearchParams({ failureCategory: run.failure.category, failureReason: run.failure.reason })}`;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <Card title="Run">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 md:grid-cols-4">
          <Fact label="Outcome">
            <OutcomeBadge outcome={run.outcome} />
          </Fact>
          <Fact label="Workflow">{run.workflow}</Fact>
          <Fact label="Environment">
            <EnvironmentBadge environment={run.environment} />
          </Fact>
          <Fact label="Release">
            <span className="font-mono">{run.release}</span>
          </Fact>
          <Fact label="Model">{run.model}</Fact>
          <Fact label="Prompt version">{run.promptVersion}</Fact>
          <Fact label="Started">
            <Time value={run.startedAt} precision="seconds" />
          </Fact>
          <Fact label="Duration">{formatDurationMs(run.durationMs)}</Fact>
          <Fact label="Cost">{formatUsd(run.costUsd)}</Fact>
          <Fact label="Tokens">
            {run.usage ? `${formatCount(run.usage.inputTokens)} in · ${formatCount(run.usage.outputTokens)} out` : "—"}
          </Fact>
          <Fact label="Quality score">{formatScore(run.qualityScore)}</Fact>
          <Fact label="Tool calls">{formatCount(run.toolCallCount)}</Fact>
        </dl>
        {run.failure && (
          <div className="mt-4 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900" role="note" aria-label="Failure">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-semibold">Failure</span>
              <Badge tone="bad">{formatCategory(run.failure.category)}</Badge>
              {run.failure.critical && <Badge tone="bad">critical</Badge>}
              <span>{run.failure.reason}</span>
            </div>
            {run.failure.critical && run.failure.category === "policy_violation" && (
              <p className="mt-1 text-xs">A critical policy violation: it blocks release gates until handled.</p>
            )}
          </div>
        )}
        {run.escalation && (
          <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" aria-label="Escalation">
            <span className="font-semibold">Escalated</span> · {run.escalation.reason}
            {run.escalation.reviewCostUsd !== null && <> · review cost {formatUsd(run.escalation.reviewCostUsd)}</>}
          </div>
        )}
        <RunBudgetBreaches slug={slug} workflow={run.workflow} breaches={run.budgetBreaches} />
      </Card>
      <Card title="Related">
        <ul className="space-y-2 text-sm">
          <li>
            <Link className="text-accent-700 hover:underline" href={`/${slug}/sessions/${encodeURIComponent(run.sessionId)}`}>
              Session {run.sessionId}
            </Link>{" "}
            <span className="text-slate-500">({sessionRuns} run{sessionRuns === 1 ? "" : "s"})</span>
          </li>
          {failureHref && (
            <li>
              <Link className="text-accent-700 hover:underline" href={failureHref}>
                Similar failures
              </Link>{" "}
              <span className="text-slate-500">({similarFailures} with this category and reason)</span>
            </li>
          )}
          <li className="text-slate-500">
            Trace <span className="font-mono text-slate-700">{run.traceId}</span>
          </li>
        </ul>
        <h3 className="mt-4 mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Incidents</h3>
        {incidents.length === 0 ? (
          <p className="text-sm text-slate-500">None linked.</p>
        ) : (
          <ul className="space-y-1.5 text-sm">
            {incidents.map((i) => (
              <li key={i.id} className="flex items-center gap-2">
                <SeverityBadge severity={i.severity} />
                <Link className="truncate text-accent-700 hover:underline" href={`/${slug}/incidents/${i.number}`}>
                  #{i.number} {i.title}
                </Link>
                <StatusBadge status={i.status} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-slate-900">{children}</dd>
    </div>
  );
}
