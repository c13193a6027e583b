import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { formatCount } from "@/lib/shared/format";

export interface TabItem {
  id: string;
  label: ReactNode;
  /** Link tabs (route or ?tab= URL) when set; otherwise a button calling onChange. */
  href?: string;
  /** A small count after the label. */
  count?: number | string;
}

/** Underlined tabs. With hrefs they are links (server-friendly); with onChange, buttons (client). */
export function Tabs({
  items,
  value,
  onChange,
  className,
  label = "Sections",
}: {
  items: readonly TabItem[];
  value: string;
  onChange?: (id: string) => void;
  className?: string;
  label?: string;
}) {
  return (
    <div role="tablist" aria-label={label} className={cn("flex gap-5 border-b border-slate-200", className)}>
      {items.map((item) => {
        const active = item.id === value;
        const cls = cn(
          "-mb-px inline-flex h-9 items-center gap-1.5 border-b-2 text-sm font-medium whitespace-nowrap transition-colors",
          active ? "border-accent-600 text-slate-900" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
        );
        const content = (
          <>
            {item.label}
            {item.count !== undefined && (
              <span
                className={cn(
                  "rounded px-1.5 py-px text-[11px] font-semibold tabular-nums",
                  active ? "bg-accent-50 text-accent-700" : "bg-slate-100 text-slate-600",
                )}
              >
                {typeof item.count === "number" ? formatCount(item.count) : item.count}
              </span>
            )}
          </>
        );
        return item.href ? (
          <Link key={item.id} role="tab" aria-selected={active} href={item.href} className={cls}>
            {content}
          </Link>
        ) : (
          <button key={item.id} type="button" role="tab" aria-selected={active} onClick={() => onChange?.(item.id)} className={cls}>
            {content}
          </button>
        );
      })}
    </div>
  );
}
