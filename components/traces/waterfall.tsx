"use client";
// The tool calls of one run on a time axis. Plain absolutely-positioned divs (no chart library):
// 500 calls must render in well under a second, so a row does no work beyond two percentages,
// and a call's input/output is only rendered once the row is opened. The axis is relative to the
// run's start, which is shown dated (with the year, viewer's zone, UTC on hover) above it.
// Calls of runs built from OpenTelemetry traces carry their span's events: a marker on the bar per
// event, a failed call's exception (type and message's first line) on its row, the full list once
// opened. A native run's calls have none, so their rows are what they always were.
import { memo, useCallback, useMemo, useState } from "react";
import { Badge, Time, ToolStatusBadge, cn } from "@/components/ui";
import type { ToolCallView } from "@/lib/shared/run-detail";
import { formatDurationMs, formatUsd } from "@/lib/shared/format";
import type { Detection } from "@/lib/shared/detectors";
import { EXCEPTION_EVENT, SpanEventList, eventTitle, exceptionSummary } from "./span-events";
import { DetectionMark, DetectionSummary, detectionsBySeq } from "./detection-marks";

/** Markers drawn on one bar at most (a span may log hundreds of events; the opened row lists all). */
const MAX_MARKERS = 20;

const BAR: Record<ToolCallView["status"], string> = {
  ok: "bg-emerald-500",
  error: "bg-rose-500",
  timeout: "bg-amber-500",
  blocked: "bg-sky-500 bg-[repeating-linear-gradient(135deg,transparent_0_4px,rgba(255,255,255,.45)_4px_7px)]",
};

const NO_DETECTIONS: Detection[] = [];

export function Waterfall({
  calls,
  runDurationMs,
  runStartedAt,
  detections = NO_DETECTIONS,
}: {
  calls: ToolCallView[];
  runDurationMs: number;
  /** The run's start (RFC 3339), the axis' zero; shown dated above it. */
  runStartedAt?: string;
  /** What the guardrail detectors found (issue 17): summarised above, marked on their calls. */
  detections?: Detection[];
}) {
  // The axis spans the run, or the calls if the agent's clocks put a call outside it.
  const start = Math.min(0, ...calls.map((c) => c.offsetMs));
  const end = Math.max(runDurationMs, ...calls.map((c) => c.offsetMs + c.latencyMs), 1);
  const span = end - start;
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const toggle = useCallback(
    (seq: number) =>
      setOpen((prev) => {
        const next = new Set(prev);
        if (next.has(seq)) next.delete(seq);
        else next.add(seq);
        return next;
      }),
    [],
  );
  const firstFailing = calls.find((c) => c.status !== "ok");
  const marks = useMemo(() => detectionsBySeq(detections), [detections]);
  const jump = (seq: number) => {
    setOpen((prev) => new Set(prev).add(seq));
    document.getElementById(`call-${seq}`)?.scrollIntoView({ block: "center" });
  };

  if (calls.length === 0) return <p className="px-4 py-6 text-sm text-slate-500">This run made no tool calls.</p>;
  return (
    <div>
      <DetectionSummary detections={detections} onJump={jump} />
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-2 text-xs text-slate-500">
        {runStartedAt && (
          <span data-testid="waterfall-start">
            0 ms = run start <Time value={runStartedAt} precision="seconds" className="font-medium text-slate-700 tabular-nums" />
          </span>
        )}
        <Legend />
        {firstFailing && (
          <button
            type="button"
            className="font-medium text-rose-700 hover:underline"
            onClick={() => jump(firstFailing.seq)}
          >
            Jump to first failing call (#{firstFailing.seq + 1})
          </button>
        )}
      </div>
      <div className="grid grid-cols-[minmax(0,45%)_1fr] md:grid-cols-[minmax(0,340px)_1fr] border-b border-slate-100 text-[11px] text-slate-400">
        <div className="px-4 py-1">Call</div>
        <div className="relative h-5 mr-4">
          {[0, 0.25, 0.5, 0.75, 1].map((t) => (
            <span
              key={t}
              className={cn(
                "absolute top-1 whitespace-nowrap",
                t === 1 ? "-translate-x-full" : t > 0 && "-translate-x-1/2",
                // A phone's axis is narrow: start, middle and end only.
                (t === 0.25 || t === 0.75) && "hidden md:inline",
              )}
              style={{ left: `${t * 100}%` }}
            >
              {formatDurationMs(start + t * span)}
            </span>
          ))}
        </div>
      </div>
      {/* overflow-hidden: a latency label beside a bar near the edge never widens the page. */}
      <ol aria-label="Tool calls" className="divide-y divide-slate-50 overflow-hidden">
        {calls.map((c) => (
          <CallRow key={c.seq} call={c} start={start} span={span} open={open.has(c.seq)} onToggle={toggle} detections={marks.get(c.seq)} />
        ))}
      </ol>
    </div>
  );
}

const CallRow = memo(function CallRow({
  call: c,
  start,
  span,
  open,
  onToggle,
  detections,
}: {
  call: ToolCallView;
  start: number;
  span: number;
  open: boolean;
  onToggle: (seq: number) => void;
  /** The detections this call is part of. */
  detections?: Detection[];
}) {
  const left = ((c.offsetMs - start) / span) * 100;
  const width = (c.latencyMs / span) * 100;
  const failed = c.status !== "ok";
  // Only a failed call with events does this; a native run's `events` is empty.
  const exception = failed && c.events.length > 0 ? exceptionSummary(c.events) : null;
  return (
    <li id={`call-${c.seq}`} data-status={c.status} data-detected={detections ? detections.map((d) => d.kind).join(" ") : undefined} className={cn(failed && "bg-rose-50/40")}>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => onToggle(c.seq)}
        className="grid w-full grid-cols-[minmax(0,45%)_1fr] md:grid-cols-[minmax(0,340px)_1fr] items-center text-left hover:bg-slate-50 focus-visible:bg-accent-50 focus-visible:outline-none"
      >
        <span className="flex min-w-0 items-center gap-1.5 px-4 py-1">
          <span className="w-8 shrink-0 self-start pt-px text-right font-mono text-[11px] text-slate-400">{c.seq + 1}</span>
          <span className="min-w-0 flex-1">
            <span className="flex min-w-0 items-center gap-1.5">
              <span className="truncate font-mono text-[12px] text-slate-800">{c.name}</span>
              {detections?.map((d, i) => <DetectionMark key={i} detection={d} />)}
              {/* On a phone the name keeps the room; the bar's colour and the opened row say the rest. */}
              <span className="hidden min-w-0 items-center gap-1.5 md:flex">
                {c.status !== "ok" && <ToolStatusBadge status={c.status} />}
                {c.retry && <Badge tone="accent">retry</Badge>}
                {c.errorType && c.errorType !== c.status && c.errorType !== exception?.type && (
                  <span className="truncate text-[11px] text-rose-700">{c.errorType}</span>
                )}
              </span>
            </span>
            {exception && (
              <span data-testid="call-exception" title={exception.full} className="line-clamp-2 text-[11px] break-words text-rose-700 md:line-clamp-1 md:break-all">
                {exception.line}
              </span>
            )}
          </span>
        </span>
        <span className="relative mr-4 h-5">
          <span
            className={cn("absolute top-1 h-3 min-w-[2px] rounded-sm", BAR[c.status], c.retry && "ring-2 ring-accent-300")}
            style={{ left: `${left}%`, width: `${width}%` }}
          />
          {c.events.slice(0, MAX_MARKERS).map((e, i) => (
            <span
              key={i}
              data-testid="event-marker"
              title={eventTitle(e)}
              className={cn(
                "absolute top-0.5 h-4 w-1 -translate-x-1/2 rounded-full ring-1 ring-white",
                e.name === EXCEPTION_EVENT ? "bg-rose-900" : "bg-slate-700",
              )}
              style={{ left: `${((e.offsetMs - start) / span) * 100}%` }}
            />
          ))}
          <span
            className="absolute top-0.5 pl-1 text-[11px] whitespace-nowrap text-slate-500"
            style={left + width > 85 ? { right: `${100 - left}%`, paddingRight: 4 } : { left: `${left + width}%` }}
          >
            {formatDurationMs(c.latencyMs)}
          </span>
        </span>
      </button>
      {open && <CallDetail call={c} />}
    </li>
  );
});

function CallDetail({ call: c }: { call: ToolCallView }) {
  return (
    <div className="space-y-2 border-t border-slate-100 bg-slate-50/70 px-4 py-3 pl-14 text-xs">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-slate-600">
        <Item label="Status">
          <ToolStatusBadge status={c.status} />
        </Item>
        {c.errorType && <Item label="Error type">{c.errorType}</Item>}
        <Item label="Latency">{formatDurationMs(c.latencyMs)}</Item>
        <Item label="Started">
          <Time value={c.startedAt} precision="seconds" className="tabular-nums" />
        </Item>
        <Item label="Ended">
          <Time value={c.endedAt} precision="seconds" className="tabular-nums" />
        </Item>
        <Item label="Offset">+{formatDurationMs(c.offsetMs)}</Item>
        <Item label="Cost">{formatUsd(c.costUsd)}</Item>
        <Item label="Retry">{c.retry ? "yes" : "no"}</Item>
      </dl>
      {c.events.length > 0 && (
        <section aria-label={`Events of call ${c.seq + 1}`}>
          <h3 className="mb-1 font-medium text-slate-600">Span events ({c.events.length})</h3>
          <SpanEventList events={c.events} />
        </section>
      )}
      <Payload label="Input" text={c.input} truncated={c.inputTruncated} />
      <Payload label="Output" text={c.output} truncated={c.outputTruncated} />
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center gap-1.5">
      <dt className="text-slate-400">{label}</dt>
      <dd className="font-medium text-slate-700">{children}</dd>
    </div>
  );
}

/** Shown as text: React escapes it, so a payload with markup never becomes markup. */
function Payload({ label, text, truncated }: { label: string; text: string | null; truncated: boolean }) {
  if (text === null) return <p className="text-slate-400">{label}: none sent</p>;
  return (
    <details open className="group">
      <summary className="cursor-pointer font-medium text-slate-600 select-none">
        {label} {truncated && <Badge tone="warn">cut to 8 KB</Badge>}
      </summary>
      <pre className="mt-1 max-h-80 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-[11.5px] whitespace-pre-wrap break-all text-slate-800">
        {pretty(text)}
      </pre>
    </details>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Legend() {
  const items: [ToolCallView["status"], string][] = [
    ["ok", "ok"],
    ["error", "error"],
    ["timeout", "timeout"],
    ["blocked", "blocked by guardrail"],
  ];
  return (
    <span className="flex flex-wrap items-center gap-3">
      {items.map(([s, label]) => (
        <span key={s} className="flex items-center gap-1">
          <span className={cn("inline-block h-2.5 w-4 rounded-sm", BAR[s])} />
          {label}
        </span>
      ))}
      <span className="flex items-center gap-1">
        <span className="inline-block h-2.5 w-4 rounded-sm bg-slate-300 ring-2 ring-accent-300" /> retry
      </span>
    </span>
  );
}
