// The weekly review's risks (issue 18, docs/governance.md): risks not closed whose review is due by
// the reviewed week's last day, or whose linked objective is at risk or breached now.
import Link from "next/link";
import { Badge, Card, cn } from "@/components/ui";
import { RISK_STATUS_LABELS } from "@/lib/shared/risks";
import type { Review } from "@/lib/shared/review";

export function RisksSection({ review, slug }: { review: Review; slug: string }) {
  return (
    <Card title="Risks" description="Review due by the end of the week, or a linked objective at risk" flush data-testid="review-risks">
      {review.risks.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No risk needs a look this week.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {review.risks.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
              <Link href={`/${slug}/risks`} className="font-medium text-slate-900 hover:underline">
                {r.title}
              </Link>
              <span className="text-xs text-slate-500">score {r.score} · {RISK_STATUS_LABELS[r.status]} · {r.owner}</span>
              <span className={cn("text-xs tabular-nums", r.overdue ? "font-semibold text-rose-700" : "text-slate-600")}>review {r.reviewDate}</span>
              {r.reasons.includes("objective_at_risk") && <Badge tone="warn">Objective at risk</Badge>}
              {r.overdue && <Badge tone="bad">Review overdue</Badge>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
