"use client";
import type { ReactNode } from "react";

export interface TooltipRow {
  label: string;
  color: string;
  /** Already formatted; null = no data in this bucket. */
  value: string | null;
  dashed?: boolean;
}

/** The one tooltip look of every chart: a title and coloured rows; "no data" instead of a 0. */
export function ChartTooltipBox({ title, rows, footer }: { title: ReactNode; rows: TooltipRow[]; footer?: ReactNode }) {
  return (
    <div className="min-w-40 rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
      <div className="mb-1 font-semibold text-slate-800">{title}</div>
      <table className="w-full">
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td className="py-0.5 pr-3 text-slate-600">
                <span
                  className="mr-1.5 inline-block h-2 w-2 rounded-sm align-middle"
                  style={{ background: r.dashed ? "transparent" : r.color, border: r.dashed ? `1.5px dashed ${r.color}` : undefined }}
                />
                {r.label}
              </td>
              <td className="py-0.5 text-right font-medium text-slate-900 tabular-nums">
                {r.value ?? <span className="font-normal text-slate-400">no data</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {footer && <div className="mt-1.5 border-t border-slate-100 pt-1.5 text-[11px] text-slate-500">{footer}</div>}
    </div>
  );
}
