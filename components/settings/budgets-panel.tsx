"use client";
// Settings → Guardrails → Workflow budgets (issue 17): the table of budgets (each workflow's limits
// and a link to its runs over budget), add / edit / delete (audited), and "Re-evaluate stored runs"
// over a window, since a budget change applies only to runs stored after it. Read-only roles see
// the table with the actions disabled and a hint saying who may change it.
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button, Card, EmptyState, ErrorState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Time, Tr, errorMessage } from "@/components/ui";
import { useBudgets, useDeleteBudget } from "@/lib/client/budgets";
import { buildUrl } from "@/lib/client/fetcher";
import { BUDGET_LIMITS, BUDGET_LIMIT_FIELD, formatBudgetAmount } from "@/lib/shared/budgets";
import type { WorkflowBudget } from "@/lib/shared/api/budgets";
import { BudgetDialog } from "./budget-dialog";
import { ReevaluateForm } from "./budget-reevaluate";
import { ConfirmDialog } from "./dialog";

const HEADERS: Record<(typeof BUDGET_LIMITS)[number], string> = { tool_calls: "Tool calls", duration: "Duration", tokens: "Tokens", cost: "Cost" };

export function BudgetsPanel({
  slug,
  canEdit,
  readOnlyHint,
  knownWorkflows,
}: {
  slug: string;
  canEdit: boolean;
  readOnlyHint: string;
  knownWorkflows: readonly string[];
}) {
  const budgets = useBudgets(slug);
  const remove = useDeleteBudget(slug);
  const [dialog, setDialog] = useState<{ editing: WorkflowBudget | null } | null>(null);
  const [deleting, setDeleting] = useState<WorkflowBudget | null>(null);
  const taken = useMemo(() => new Set((budgets.data ?? []).map((b) => b.workflow)), [budgets.data]);

  const add = (
    <Button variant="primary" size="sm" disabled={!canEdit} title={canEdit ? undefined : readOnlyHint} onClick={() => setDialog({ editing: null })}>
      Add budget
    </Button>
  );

  return (
    <Card
      id="budgets"
      data-testid="budgets-panel"
      title="Workflow budgets"
      description="The most one run may spend; a run over any limit breaches its workflow's budget"
      actions={add}
      flush
    >
      {!canEdit && <p className="border-b border-slate-100 px-4 py-2 text-xs text-slate-500">{readOnlyHint}</p>}
      {budgets.isPending ? (
        <SkeletonRows rows={3} className="p-4" />
      ) : budgets.isError ? (
        <ErrorState compact title="Could not load the budgets" error={budgets.error} onRetry={() => budgets.refetch()} />
      ) : budgets.data.length === 0 ? (
        <EmptyState
          compact
          title="No budgets yet"
          description="Cap tool calls, duration, tokens or cost per run of a workflow; runs over it are flagged at ingest."
          action={canEdit ? add : undefined}
        />
      ) : (
        <TableContainer>
          <Table aria-label="Workflow budgets">
            <THead>
              <tr>
                <Th>Workflow</Th>
                {BUDGET_LIMITS.map((l) => (
                  <Th key={l} numeric>
                    {HEADERS[l]}
                  </Th>
                ))}
                <Th>Changed</Th>
                <Th align="right">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {budgets.data.map((b) => (
                <Tr key={b.workflow} data-testid="budget-row">
                  <Td className="max-w-[16rem]">
                    <div className="truncate font-medium text-slate-800" title={b.workflow}>
                      {b.workflow}
                    </div>
                    <Link
                      className="text-xs text-indigo-600 hover:underline"
                      href={buildUrl(`/${slug}/traces`, { workflow: b.workflow, budgetBreached: "true" })}
                    >
                      runs over budget
                    </Link>
                  </Td>
                  {BUDGET_LIMITS.map((l) => {
                    const v = b[BUDGET_LIMIT_FIELD[l]];
                    return (
                      <Td key={l} numeric muted={v === null}>
                        {v === null ? "no limit" : formatBudgetAmount(l, v, false)}
                      </Td>
                    );
                  })}
                  <Td muted>
                    <Time value={b.updatedAt} />
                  </Td>
                  <Td align="right" className="whitespace-nowrap">
                    <Button size="sm" variant="ghost" disabled={!canEdit} onClick={() => setDialog({ editing: b })} aria-label={`Edit the budget of ${b.workflow}`}>
                      Edit
                    </Button>
                    <Button size="sm" variant="ghost" disabled={!canEdit} onClick={() => setDeleting(b)} aria-label={`Delete the budget of ${b.workflow}`}>
                      Delete
                    </Button>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableContainer>
      )}
      <ReevaluateForm slug={slug} canEdit={canEdit} />
      {dialog && <BudgetDialog slug={slug} editing={dialog.editing} knownWorkflows={knownWorkflows} taken={taken} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the budget of ${deleting?.workflow ?? ""}?`}
        confirmLabel="Delete budget"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting.workflow, { onSuccess: () => setDeleting(null) })}
        onClose={() => (remove.reset(), setDeleting(null))}
      >
        New runs of this workflow are no longer checked. Breaches already stored stay until you re-evaluate stored runs.
      </ConfirmDialog>
    </Card>
  );
}
