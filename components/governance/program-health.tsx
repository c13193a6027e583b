// The executive overview's compact "Program health" card (issue 18): four counts, each linking to
// its list (the incidents one only for roles that may read incidents).
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui";
import { formatCount } from "@/lib/shared/format";

export interface ProgramHealthProps {
  slug: string;
  objectivesMet: number;
  objectives: number;
  openSev12: number;
  overdueFixItems: number;
  overdueRisks: number;
  canReadIncidents: boolean;
}

function Item({ href, label, value, bad }: { href: string | null; label: string; value: ReactNode; bad: boolean }) {
  const body = (
    <>
      <span className={cn("text-lg font-semibold tabular-nums", bad ? "text-rose-700" : "text-slate-900")}>{value}</span>
      <span className="text-xs text-slate-500">{label}</span>
    </>
  );
  const cls = "flex min-w-0 flex-col rounded-md px-3 py-2";
  return href ? (
    <Link href={href} className={cn(cls, "hover:bg-slate-50")}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}

export function ProgramHealthCard(p: ProgramHealthProps) {
  const base = `/${p.slug}`;
  return (
    <section aria-label="Program health" className="mb-4 rounded-lg border border-slate-200 bg-white" data-testid="program-health">
      <h2 className="px-4 pt-2 text-[13px] font-semibold text-slate-800">Program health</h2>
      <div className="grid grid-cols-2 gap-1 p-1 sm:grid-cols-4">
        <Item href={`${base}/objectives`} label="objectives met" value={`${formatCount(p.objectivesMet)} of ${formatCount(p.objectives)}`} bad={p.objectivesMet < p.objectives} />
        <Item href={p.canReadIncidents ? `${base}/incidents` : null} label="open SEV1/SEV2 incidents" value={formatCount(p.openSev12)} bad={p.openSev12 > 0} />
        <Item href={`${base}/fix-items`} label="overdue fix items" value={formatCount(p.overdueFixItems)} bad={p.overdueFixItems > 0} />
        <Item href={`${base}/risks?overdue=true`} label="risk reviews overdue" value={formatCount(p.overdueRisks)} bad={p.overdueRisks > 0} />
      </div>
    </section>
  );
}
