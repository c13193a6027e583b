import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  title?: ReactNode;
  /** One line under the title: what the numbers cover ("Last 7 days · production"). */
  description?: ReactNode;
  /** Right side of the header: a Select, a link, a small button. */
  actions?: ReactNode;
  footer?: ReactNode;
  /** Drop the body padding, e.g. when the body is a full-width Table. */
  flush?: boolean;
  bodyClassName?: string;
}

/** A white panel with an optional header row. The title is an h2 so a page's outline stays h1 → h2. */
export function Card({ title, description, actions, footer, flush, className, bodyClassName, children, ...rest }: CardProps) {
  const hasHeader = title !== undefined || actions !== undefined;
  return (
    <section className={cn("rounded-lg border border-slate-200 bg-white shadow-xs", className)} {...rest}>
      {hasHeader && (
        <header className="flex min-h-10 items-center justify-between gap-3 border-b border-slate-100 px-4 py-2">
          <div className="min-w-0">
            {title !== undefined && <h2 className="truncate text-[13px] font-semibold text-slate-800">{title}</h2>}
            {description !== undefined && <p className="truncate text-xs text-slate-500">{description}</p>}
          </div>
          {actions !== undefined && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={cn(!flush && "p-4", bodyClassName)}>{children}</div>
      {footer !== undefined && (
        <footer className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">{footer}</footer>
      )}
    </section>
  );
}
