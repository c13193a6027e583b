// The 5×5 heat summary of the register: open (not closed) risks counted by likelihood × impact,
// impact up the side, likelihood along the bottom; a cell's colour is its score band.
import { cn } from "@/components/ui";
import type { Risk } from "@/lib/shared/risks";

const LEVELS = [1, 2, 3, 4, 5] as const;
const band = (score: number) => (score >= 15 ? "bg-rose-200 text-rose-900" : score >= 8 ? "bg-amber-100 text-amber-900" : "bg-emerald-50 text-emerald-900");

export function RiskHeatmap({ risks }: { risks: Risk[] }) {
  const open = risks.filter((r) => r.status !== "closed");
  const count = (l: number, i: number) => open.filter((r) => r.likelihood === l && r.impact === i).length;
  return (
    <div className="inline-block" data-testid="risk-heatmap">
      <div className="grid grid-cols-[auto_repeat(5,2rem)] gap-0.5 text-[11px]" role="table" aria-label="Risks by likelihood and impact">
        {[...LEVELS].reverse().map((i) => (
          <div key={i} role="row" className="contents">
            <div role="rowheader" className="pr-1 text-right text-slate-500">
              {i === 5 ? "Impact 5" : i}
            </div>
            {LEVELS.map((l) => {
              const n = count(l, i);
              return (
                <div key={l} role="cell" title={`Likelihood ${l} × impact ${i}: ${n}`} className={cn("flex h-7 items-center justify-center rounded-sm font-medium tabular-nums", band(l * i), n === 0 && "opacity-40")}>
                  {n || ""}
                </div>
              );
            })}
          </div>
        ))}
        <div />
        {LEVELS.map((l) => (
          <div key={l} className="text-center text-slate-500">
            {l}
          </div>
        ))}
      </div>
      <p className="mt-1 text-center text-[11px] text-slate-500">Likelihood →</p>
    </div>
  );
}
