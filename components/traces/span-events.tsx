// OpenTelemetry span events (an exception, a retry, a log line) of runs built from traces: the
// list shown in an opened waterfall row and in the run page's "Span events" card, and the
// one-line exception summary a failed call's row shows without being opened. No hooks, so the
// server-rendered run page and the client waterfall both use it.
import { Badge, Time, cn } from "@/components/ui";
import type { SpanEventView } from "@/lib/shared/run-detail";
import { formatDurationMs } from "@/lib/shared/format";

const STACKTRACE = "exception.stacktrace";

/** The OpenTelemetry semantic-convention name of an exception event. */
export const EXCEPTION_EVENT = "exception";

/**
 * "RefundError: refund API down" from the first `exception` event: its type, then the first line of
 * its message (a stack trace pasted into the message stays out of the row). null when there is none.
 */
export function exceptionSummary(events: readonly SpanEventView[]): { type: string | null; line: string; full: string } | null {
  const e = events.find((ev) => ev.name === EXCEPTION_EVENT);
  if (!e) return null;
  const type = text(e.attributes["exception.type"]);
  const message = text(e.attributes["exception.message"]);
  if (!type && !message) return { type, line: EXCEPTION_EVENT, full: EXCEPTION_EVENT };
  const firstLine = message?.split("\n", 1)[0].trim() ?? "";
  const join = (m: string) => (type && m ? `${type}: ${m}` : (type ?? m));
  return { type, line: join(firstLine), full: join(message ?? "") };
}

/** An attribute value as the agent sent it: strings as they are, anything else as JSON. */
function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** "exception at +1.2 s": the hover title of an event's marker on a waterfall bar. */
export function eventTitle(e: SpanEventView): string {
  return `${e.name} at +${formatDurationMs(e.offsetMs)}`;
}

/** A span's events, each with its time, its attributes, and an exception's stack trace folded. */
export function SpanEventList({ events, className }: { events: readonly SpanEventView[]; className?: string }) {
  return (
    <ol aria-label="Span events" className={cn("space-y-2", className)}>
      {events.map((e, i) => {
        const attributes = Object.entries(e.attributes).filter(([k]) => k !== STACKTRACE);
        const stack = text(e.attributes[STACKTRACE]);
        return (
          <li key={i} data-event={e.name} className="min-w-0 rounded border border-slate-200 bg-white px-2.5 py-2">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              {e.name === EXCEPTION_EVENT ? <Badge tone="bad">{e.name}</Badge> : <span className="font-mono text-[12px] font-medium text-slate-800">{e.name}</span>}
              <Time value={e.at} precision="seconds" className="text-slate-600 tabular-nums" />
              <span className="text-slate-400 tabular-nums">+{formatDurationMs(e.offsetMs)}</span>
            </div>
            {attributes.length > 0 && (
              <dl className="mt-1.5 grid grid-cols-1 gap-x-3 gap-y-0.5 sm:grid-cols-[fit-content(16rem)_minmax(0,1fr)]">
                {attributes.map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="truncate font-mono text-[11px] text-slate-500" title={k}>
                      {k}
                    </dt>
                    <dd className="font-mono text-[11.5px] break-words whitespace-pre-wrap text-slate-800">{text(v) ?? "null"}</dd>
                  </div>
                ))}
              </dl>
            )}
            {stack !== null && (
              <details className="mt-1.5">
                <summary className="cursor-pointer text-[12px] font-medium text-slate-600 select-none">Stack trace</summary>
                <pre className="mt-1 max-h-80 overflow-auto rounded border border-slate-200 bg-slate-50 p-2 font-mono text-[11px] whitespace-pre text-slate-800">
                  {stack}
                </pre>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
