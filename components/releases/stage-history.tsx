"use client";
// "Stage history": a release's stage changes, oldest first (sandbox → canary → expansion → full, or
// rolled back), each with the project's live KPIs in the 24 h before and after it. Pipelines post
// them (POST /api/v1/releases/{release}/events, or a CDEvent); owners and admins may record one here.
import { useState, type FormEvent } from "react";
import { Badge, Button, Card, ErrorState, Field, Input, Notice, Select, SkeletonRows, errorMessage, cn, type BadgeTone } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { ApiError } from "@/lib/client/fetcher";
import { stageText, useRecordStage, useStageHistory } from "@/lib/client/rollouts";
import { RELEASE_STAGES, STAGE_LABELS, type ReleaseStage } from "@/lib/shared/rollouts";
import { formatCount, formatDateTime, formatDelta, formatDurationMs, formatRate, formatUsd, EMPTY } from "@/lib/shared/format";
import type { z } from "zod";
import type { releaseStageHistoryResponse } from "@/lib/shared/api/rollouts";

type StageEvent = z.infer<typeof releaseStageHistoryResponse>["events"][number];
type Side = StageEvent["impact"]["before"];

const STAGE_TONE: Record<ReleaseStage, BadgeTone> = { sandbox: "muted", canary: "warn", expansion: "accent", full: "good", rolled_back: "bad" };

function StageBadge({ stage, trafficPercent }: { stage: ReleaseStage; trafficPercent: number | null }) {
  return (
    <Badge tone={STAGE_TONE[stage]} dot>
      {stageText({ stage, trafficPercent })}
    </Badge>
  );
}

export function StageHistory({ release }: { release: string }) {
  const { slug, can } = useProject();
  const q = useStageHistory(slug, release);
  const editable = can("gates:write");
  const events = q.data?.events ?? [];
  return (
    <Card title="Stage history" description="Each stage change with the live KPIs of the 24 h before and after it" data-testid="stage-history">
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} retrying={q.isFetching} compact />
      ) : q.isPending ? (
        <SkeletonRows rows={3} />
      ) : events.length === 0 ? (
        <NoStages />
      ) : (
        <ol className="space-y-3" aria-label="Stage changes">
          {events.map((e) => (
            <StageItem key={e.id} event={e} />
          ))}
        </ol>
      )}
      {editable && !q.isError && <RecordStageForm release={release} />}
    </Card>
  );
}

function NoStages() {
  return (
    <div className="rounded-md border border-dashed border-slate-300 px-4 py-5 text-sm text-slate-600" data-testid="no-stages">
      <p className="font-medium text-slate-800">No stage recorded for this release yet</p>
      <p className="mt-1">
        Your pipeline posts each stage change with a key of scope <code className="text-xs">ingest</code>:{" "}
        <code className="break-all text-xs">POST /api/v1/releases/{"{release}"}/events</code> with{" "}
        <code className="break-all text-xs">{`{"stage": "canary", "trafficPercent": 10}`}</code> (stages: {RELEASE_STAGES.join(", ")}), or sends its
        CDEvents <code className="text-xs">service.deployed</code> / <code className="text-xs">service.rolledback</code> unchanged. Every time chart then
        marks the change.
      </p>
    </div>
  );
}

function StageItem({ event: e }: { event: StageEvent }) {
  return (
    <li className="rounded-md border border-slate-200" data-testid="stage-event" data-stage={e.stage}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-3 py-2 text-xs text-slate-600">
        <StageBadge stage={e.stage} trafficPercent={e.trafficPercent} />
        <span className="font-medium text-slate-800 tabular-nums">{formatDateTime(e.at)}</span>
        <span>via {e.source === "cdevents" ? "CDEvents" : "Keel API"}</span>
        {e.recordedBy && <span className="min-w-0 truncate">by {e.recordedBy}</span>}
      </div>
      <Impact before={e.impact.before} after={e.impact.after} />
    </li>
  );
}

const KPIS: { key: keyof Omit<Side, "runs">; label: string; fmt: (x: number | null) => string; unit: "rate" | "ms" | "usd"; higherIsBetter: boolean }[] = [
  { key: "successRate", label: "Success rate", fmt: (x) => formatRate(x), unit: "rate", higherIsBetter: true },
  { key: "escalationRate", label: "Escalation rate", fmt: (x) => formatRate(x), unit: "rate", higherIsBetter: false },
  { key: "failureRate", label: "Failure rate", fmt: (x) => formatRate(x), unit: "rate", higherIsBetter: false },
  { key: "runP95Ms", label: "Run p95", fmt: formatDurationMs, unit: "ms", higherIsBetter: false },
  { key: "costPerSuccessUsd", label: "Cost per success", fmt: formatUsd, unit: "usd", higherIsBetter: false },
];

/** The impact card: each KPI 24 h before → 24 h after, and the change (green better, red worse). */
function Impact({ before, after }: { before: Side; after: Side }) {
  return (
    <div data-testid="stage-impact">
      <p className="px-3 pt-2 text-[11px] text-slate-500">
        24 h before: {formatCount(before.runs)} run{before.runs === 1 ? "" : "s"} · 24 h after: {formatCount(after.runs)} run{after.runs === 1 ? "" : "s"}
      </p>
      <dl className="grid grid-cols-2 gap-2 p-3 sm:grid-cols-3 lg:grid-cols-5">
        {KPIS.map((k) => {
          const b = before[k.key];
          const a = after[k.key];
          const d = a === null || b === null ? null : a - b;
          const tone = d === null || d === 0 ? "text-slate-500" : d > 0 === k.higherIsBetter ? "text-emerald-700" : "text-rose-700";
          return (
            <div key={k.key} className="rounded border border-slate-100 bg-slate-50 px-2 py-1.5" data-testid={`impact-${k.key}`}>
              <dt className="text-[11px] text-slate-500">{k.label}</dt>
              <dd className="text-xs tabular-nums text-slate-800">
                <span className="whitespace-nowrap">
                  <span data-side="before">{k.fmt(b)}</span> → <span data-side="after" className="font-semibold">{k.fmt(a)}</span>
                </span>
                <span data-side="change" className={cn("block whitespace-nowrap", tone)}>
                  {d === null ? EMPTY : formatDelta(d, k.unit)}
                </span>
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

const WITH_PERCENT: readonly ReleaseStage[] = ["canary", "expansion"];

interface FormState {
  stage: ReleaseStage;
  percent: string;
  at: string;
}

/** "Record stage" (owners and admins): stage, traffic % for canary and expansion, an optional time (else now). */
function RecordStageForm({ release }: { release: string }) {
  const { slug } = useProject();
  const record = useRecordStage(slug, release);
  const [form, setForm] = useState<FormState>({ stage: "canary", percent: "", at: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof FormState, string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const withPercent = WITH_PERCENT.includes(form.stage);

  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setDone(null);
    const errs: Partial<Record<keyof FormState, string>> = {};
    const percent = form.percent.trim() === "" ? undefined : Number(form.percent);
    if (withPercent && percent !== undefined && !(Number.isFinite(percent) && percent >= 0 && percent <= 100)) errs.percent = "a number from 0 to 100";
    const atMs = form.at ? Date.parse(form.at) : NaN;
    if (form.at && Number.isNaN(atMs)) errs.at = "a date and time";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const input = { stage: form.stage, ...(withPercent && percent !== undefined ? { trafficPercent: percent } : {}), ...(form.at ? { at: new Date(atMs).toISOString() } : {}) };
    await record.mutateAsync(input).then(
      (saved) => {
        setDone(saved.duplicate ? "Already recorded." : `Recorded: ${stageText(saved)}.`);
        setForm({ ...form, percent: "", at: "" });
      },
      (err: unknown) => {
        // The server names the field: show it beside its control.
        if (err instanceof ApiError && err.issues)
          setErrors(
            Object.fromEntries(
              err.issues.map((i) => [i.path === "trafficPercent" ? "percent" : i.path === "at" ? "at" : "stage", i.message] as const),
            ),
          );
      },
    );
  }

  return (
    <form onSubmit={onSubmit} aria-label="Record stage" className="mt-4 border-t border-slate-100 pt-4">
      <p className="mb-2 text-xs font-semibold text-slate-700">Record stage</p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,10rem)_minmax(0,8rem)_minmax(0,14rem)_auto] sm:items-start">
        <Field label="Stage" error={errors.stage}>
          {(p) => (
            <Select {...p} value={form.stage} disabled={record.isPending} onChange={(e) => setForm({ ...form, stage: e.target.value as ReleaseStage })}>
              {RELEASE_STAGES.map((s) => (
                <option key={s} value={s}>
                  {STAGE_LABELS[s]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {withPercent ? (
          <Field label="Traffic (%)" error={errors.percent}>
            {(p) => (
              <Input {...p} inputMode="decimal" placeholder="10" value={form.percent} disabled={record.isPending} onChange={(e) => setForm({ ...form, percent: e.target.value })} />
            )}
          </Field>
        ) : (
          <div className="hidden sm:block" />
        )}
        <Field label="Time (optional)" hint="empty: now" error={errors.at}>
          {(p) => <Input {...p} type="datetime-local" value={form.at} disabled={record.isPending} onChange={(e) => setForm({ ...form, at: e.target.value })} />}
        </Field>
        <div className="sm:pt-5">
          <Button type="submit" variant="primary" loading={record.isPending}>
            Record stage
          </Button>
        </div>
      </div>
      {record.isError && !(record.error instanceof ApiError && record.error.issues) && (
        <Notice tone="bad" className="mt-3">
          {errorMessage(record.error)}
        </Notice>
      )}
      {done && !record.isError && (
        <Notice tone="good" className="mt-3">
          {done}
        </Notice>
      )}
    </form>
  );
}
