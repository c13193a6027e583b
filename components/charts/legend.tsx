// A compact legend row above a chart (HTML, so it wraps and reads well at any width).
export interface LegendItem {
  label: string;
  color: string;
  kind?: "line" | "area" | "bar";
  dashed?: boolean;
}

export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="mb-2 flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-[11px] text-slate-600" aria-hidden="true">
      {items.map((it) => (
        <li key={it.label} className="inline-flex items-center gap-1.5">
          {it.kind === "bar" || it.kind === "area" ? (
            <span className="inline-block size-2.5 rounded-[2px]" style={{ background: it.color }} />
          ) : (
            <span className="inline-block w-3 border-t-2" style={{ borderColor: it.color, borderTopStyle: it.dashed ? "dashed" : "solid" }} />
          )}
          {it.label}
        </li>
      ))}
    </ul>
  );
}
