"use client";
// The runbooks that apply where they are shown (issue 18, docs/governance.md): a failing run, a
// failure reason, an incident, a review row. Self-contained: it reads the project's one runbook
// list (cached; no bodies, so every role may see it) and applies the shared matching rule, so ten
// review rows cost one request. `compact` is a one-line badge for table rows.
import Link from "next/link";
import { Badge, cn } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useRunbooks } from "@/lib/client/governance";
import { runbookApplies, type RunbookContext } from "@/lib/shared/runbooks";
import type { FailureCategory } from "@/lib/shared/contract-enums";

export interface RunbooksForProps {
  workflow?: string | null;
  tool?: string | null;
  category?: FailureCategory | null;
  reason?: string | null;
  compact?: boolean;
  className?: string;
}

export function RunbooksFor({ workflow, tool, category, reason, compact, className }: RunbooksForProps) {
  const project = useProject();
  const q = useRunbooks(project.slug);
  const ctx: RunbookContext = {
    ...(workflow ? { workflow } : {}),
    ...(tool ? { tool } : {}),
    ...(category ? { category } : {}),
    ...(reason ? { reason } : {}),
  };
  const matching = (q.data ?? []).filter((rb) => runbookApplies(rb, ctx));
  const base = `/${project.slug}/runbooks`;

  if (compact) {
    if (matching.length === 0) return null;
    const first = matching[0]!;
    return (
      <Link href={matching.length === 1 ? `${base}/${first.id}` : base} className={cn("inline-flex", className)} data-testid="runbooks-for-badge" title={matching.map((r) => r.title).join(", ")}>
        <Badge tone="info">{matching.length === 1 ? "Runbook" : `${matching.length} runbooks`}</Badge>
      </Link>
    );
  }

  // Nothing known to match on (an incident opened without a failure): nothing to show.
  if (!q.data || Object.keys(ctx).length === 0) return null;
  const newHref = `${base}?${new URLSearchParams({ new: "1", ...ctx }).toString()}`;
  return (
    <section aria-label="Runbooks" className={cn("rounded-md border border-slate-200 bg-white px-3 py-2 text-sm", className)} data-testid="runbooks-for">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Runbooks</h2>
        {project.can("runbooks:write") && (
          <Link href={newHref} className="text-xs text-accent-700 hover:underline">
            Add a runbook
          </Link>
        )}
      </div>
      {matching.length === 0 ? (
        <p className="mt-1 text-xs text-slate-500">No runbook applies here yet.</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {matching.map((rb) => (
            <li key={rb.id} className="flex flex-wrap items-center gap-1.5">
              <Link href={`${base}/${rb.id}`} className="font-medium text-slate-900 hover:underline">
                {rb.title}
              </Link>
              <span className="text-xs text-slate-500">{rb.ownerName ?? rb.owner ?? "no owner"}</span>
              {rb.flags.noOwner && <Badge tone="warn">No owner</Badge>}
              {rb.flags.notReviewed && <Badge tone="warn">Review overdue</Badge>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
