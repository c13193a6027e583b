// "Over budget: 14 tool calls (max 10), $0.42 (max $0.30)": the workflow-budget limits the run went
// over when it was stored (or last re-evaluated), under the run's facts; nothing when within budget.
import Link from "next/link";
import { describeBreaches, type BudgetBreach } from "@/lib/shared/budgets";

export function RunBudgetBreaches({ slug, workflow, breaches }: { slug: string; workflow: string; breaches: readonly BudgetBreach[] }) {
  if (breaches.length === 0) return null;
  const others = `/${slug}/traces?${new URLSearchParams({ workflow, budgetBreached: "true" })}`;
  return (
    <div
      className="mt-4 rounded-md border border-orange-200 bg-orange-50 px-3 py-2 text-sm text-orange-900"
      role="note"
      aria-label="Budget breaches"
      data-testid="run-budget-breaches"
    >
      <span className="font-semibold">Over budget:</span> <span data-testid="run-budget-breaches-text">{describeBreaches(breaches)}</span>
      <span className="mt-1 block text-xs">
        Against the {workflow} budget in force when the run was stored (or last re-evaluated) ·{" "}
        <Link className="underline" href={others}>
          runs of {workflow} over budget
        </Link>{" "}
        ·{" "}
        <Link className="underline" href={`/${slug}/guardrails/settings#budgets`}>
          budgets
        </Link>
      </span>
    </div>
  );
}
