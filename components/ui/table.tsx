import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/*
 * Dense data table. Compose:
 *   <TableContainer maxHeight={480}><Table><THead><Tr><Th sort="desc" onSort={…}>Runs</Th></Tr></THead>
 *   <TBody><Tr><Td numeric>1,204</Td></Tr></TBody></Table></TableContainer>
 * The header sticks while the container scrolls. Numeric cells are right-aligned tabular numbers.
 */

export function TableContainer({
  children,
  maxHeight,
  className,
}: {
  children: ReactNode;
  /** Scroll inside the container past this height (px), keeping the header visible. */
  maxHeight?: number;
  className?: string;
}) {
  return (
    <div className={cn("relative overflow-auto", className)} style={maxHeight ? { maxHeight } : undefined}>
      {children}
    </div>
  );
}

export function Table({ className, ...rest }: HTMLAttributes<HTMLTableElement>) {
  return <table className={cn("w-full border-separate border-spacing-0 text-left text-[13px]", className)} {...rest} />;
}

export function THead({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("sticky top-0 z-10", className)} {...rest} />;
}

export function TBody({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("[&>tr:last-child>td]:border-b-0", className)} {...rest} />;
}

export interface TrProps extends HTMLAttributes<HTMLTableRowElement> {
  selected?: boolean;
  /** Hover highlight and pointer cursor (rows that open something on click). */
  interactive?: boolean;
}

export function Tr({ selected, interactive, className, ...rest }: TrProps) {
  return (
    <tr
      aria-selected={selected || undefined}
      className={cn(
        "group/row",
        interactive && "cursor-pointer",
        selected ? "bg-accent-50/70" : interactive ? "hover:bg-slate-50" : "hover:bg-slate-50/60",
        className,
      )}
      {...rest}
    />
  );
}

type Align = "left" | "right" | "center";
const ALIGN: Record<Align, string> = { left: "text-left", right: "text-right", center: "text-center" };

export type SortDirection = "asc" | "desc";

export interface ThProps extends Omit<ThHTMLAttributes<HTMLTableCellElement>, "align"> {
  align?: Align;
  /** Right-aligns like a numeric column. */
  numeric?: boolean;
  /** This column's current sort, or false when sortable but not sorted; omit for a plain header. */
  sort?: SortDirection | false;
  onSort?: () => void;
}

export function Th({ align, numeric, sort, onSort, className, children, ...rest }: ThProps) {
  const a = align ?? (numeric ? "right" : "left");
  const sortable = onSort !== undefined;
  return (
    <th
      scope="col"
      aria-sort={sort === "asc" ? "ascending" : sort === "desc" ? "descending" : undefined}
      className={cn(
        "h-8 border-b border-slate-200 bg-slate-50 px-3 text-[11px] font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase first:pl-4 last:pr-4",
        ALIGN[a],
        className,
      )}
      {...rest}
    >
      {sortable ? (
        <button
          type="button"
          onClick={onSort}
          className={cn(
            "inline-flex items-center gap-1 uppercase hover:text-slate-800",
            a === "right" && "flex-row-reverse",
            sort && "text-slate-800",
          )}
        >
          {children}
          <SortIcon sort={sort || false} />
        </button>
      ) : (
        children
      )}
    </th>
  );
}

function SortIcon({ sort }: { sort: SortDirection | false }) {
  return (
    <svg viewBox="0 0 10 12" className="size-2.5 shrink-0" aria-hidden="true">
      <path d="M5 1.5 8 5H2z" fill="currentColor" opacity={sort === "asc" ? 1 : 0.3} />
      <path d="M5 10.5 2 7h6z" fill="currentColor" opacity={sort === "desc" ? 1 : 0.3} />
    </svg>
  );
}

export interface TdProps extends Omit<TdHTMLAttributes<HTMLTableCellElement>, "align"> {
  align?: Align;
  /** Right-aligned tabular numbers. */
  numeric?: boolean;
  mono?: boolean;
  muted?: boolean;
}

export function Td({ align, numeric, mono, muted, className, ...rest }: TdProps) {
  const a = align ?? (numeric ? "right" : "left");
  return (
    <td
      className={cn(
        "h-9 border-b border-slate-100 px-3 align-middle first:pl-4 last:pr-4",
        ALIGN[a],
        numeric && "tabular-nums",
        mono && "font-mono text-xs",
        muted ? "text-slate-500" : "text-slate-800",
        className,
      )}
      {...rest}
    />
  );
}

/** A full-width row for "no rows" inside a table body. */
export function TableEmpty({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-4 py-10 text-center text-sm text-slate-500">
        {children}
      </td>
    </tr>
  );
}
