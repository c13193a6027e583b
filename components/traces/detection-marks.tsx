"use client";
// What the guardrail detectors found in a run (stored at ingest, issue 17), on its waterfall: a line
// per detection above the calls ("Retry storm: crm.lookup repeated 4 times…, $0.12 wasted") and a
// coloured mark on every call a detection involves ("repeated ×4", "cycle", "streak", "duplicate effect").
import { cn } from "@/components/ui";
import type { Detection, DetectionKind } from "@/lib/shared/detectors";
import { detectionBadge, detectionSummary } from "@/lib/shared/guardrails";

const KIND_STYLE: Record<DetectionKind, { mark: string; dot: string }> = {
  repeated_call: { mark: "bg-accent-50 text-accent-800 ring-accent-300", dot: "bg-accent-500" },
  cycle: { mark: "bg-violet-50 text-violet-800 ring-violet-300", dot: "bg-violet-500" },
  failure_streak: { mark: "bg-rose-50 text-rose-800 ring-rose-300", dot: "bg-rose-500" },
  duplicate_side_effect: { mark: "bg-amber-50 text-amber-900 ring-amber-300", dot: "bg-amber-500" },
};

/** The detections each call (by seq) is part of. */
export function detectionsBySeq(detections: readonly Detection[]): Map<number, Detection[]> {
  const out = new Map<number, Detection[]>();
  for (const d of detections) for (const seq of d.calls) out.set(seq, [...(out.get(seq) ?? []), d]);
  return out;
}

export function DetectionMark({ detection: d }: { detection: Detection }) {
  return (
    <span
      data-testid="detection-mark"
      data-kind={d.kind}
      aria-label={detectionSummary(d)}
      title={detectionSummary(d)}
      className={cn("inline-flex h-5 shrink-0 items-center rounded px-1.5 text-[11px] leading-none font-medium whitespace-nowrap ring-1 ring-inset", KIND_STYLE[d.kind].mark)}
    >
      {detectionBadge(d)}
    </span>
  );
}

/** The summary above the calls; the first call of a detection is one click away. */
export function DetectionSummary({ detections, onJump }: { detections: readonly Detection[]; onJump: (seq: number) => void }) {
  if (detections.length === 0) return null;
  return (
    <ul data-testid="detection-summary" aria-label="Guardrail detections" className="space-y-1 border-b border-slate-100 bg-amber-50/30 px-4 py-2 text-xs">
      {detections.map((d, i) => (
        <li key={i} className="flex min-w-0 items-start gap-2">
          <span className={cn("mt-1 inline-block size-2 shrink-0 rounded-full", KIND_STYLE[d.kind].dot)} aria-hidden="true" />
          <span className="min-w-0 flex-1 text-slate-700">{detectionSummary(d)}</span>
          {d.calls.length > 0 && (
            <button type="button" className="shrink-0 font-medium text-accent-700 hover:underline" onClick={() => onJump(d.calls[0])}>
              calls {d.calls.map((c) => `#${c + 1}`).join(", ")}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
