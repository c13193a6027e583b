"use client";
// The executive overview's objectives: every approved objective as met / at risk / breached, with
// its error budget left over its own rolling period (not the page's window). Nothing when none is approved.
import Link from "next/link";
import { Card } from "@/components/ui";
import { useObjectivesWithStatus } from "@/lib/client/objectives";
import { formatRate } from "@/lib/shared/format";
import { objectiveTitle } from "@/lib/shared/objectives";
import { HealthBadge } from "./badges";

export function ObjectivesOverview({ slug }: { slug: string }) {
  const q = useObjectivesWithStatus(slug, true);
  if (!q.data || q.data.length === 0) return null;
  return (
    <Card
      title="Objectives"
      description="Approved objectives over their rolling period"
      actions={
        <Link href={`/${slug}/objectives`} className="text-xs font-medium text-accent-700 hover:underline">
          All objectives →
        </Link>
      }
      flush
    >
      <ul className="divide-y divide-slate-100" aria-label="Approved objectives">
        {q.data.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5" data-testid="overview-objective">
            <Link href={`/${slug}/objectives/${o.id}`} className="min-w-0 text-[13px] font-medium text-slate-800 hover:underline">
              {objectiveTitle(o)}
            </Link>
            <span className="flex items-center gap-3 text-xs text-slate-600">
              <span className="tabular-nums">
                {formatRate(o.current.attainment, 2)} · budget left {formatRate(o.current.budgetRemaining)}
              </span>
              <HealthBadge health={o.current.health} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
