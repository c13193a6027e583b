import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * A light tooltip: a styled bubble on hover/focus (CSS only, no portal, no JS),
 * for definitions of metrics and truncated values. Keep `content` to a sentence.
 */
export function Tooltip({
  content,
  children,
  side = "top",
  className,
}: {
  content: string;
  children: ReactNode;
  side?: "top" | "bottom";
  className?: string;
}) {
  return (
    <span className={cn("group/tt relative inline-flex", className)}>
      {children}
      <span
        role="tooltip"
        className={cn(
          "pointer-events-none invisible absolute left-1/2 z-50 w-max max-w-64 -translate-x-1/2 rounded-md bg-slate-900 px-2 py-1 text-xs leading-snug font-normal text-white opacity-0 shadow-lg transition-opacity delay-150 group-hover/tt:visible group-hover/tt:opacity-100 group-focus-within/tt:visible group-focus-within/tt:opacity-100",
          side === "top" ? "bottom-full mb-1.5" : "top-full mt-1.5",
        )}
      >
        {content}
      </span>
    </span>
  );
}

/** A small "i" that explains a metric on hover. */
export function InfoTip({ content }: { content: string }) {
  return (
    <Tooltip content={content}>
      <span
        tabIndex={0}
        aria-label={content}
        className="inline-flex size-3.5 cursor-help items-center justify-center rounded-full border border-slate-300 text-[9px] leading-none font-semibold text-slate-400"
      >
        i
      </span>
    </Tooltip>
  );
}
