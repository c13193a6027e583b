"use client";
// The risk register (issue 18): risks by score (likelihood × impact) with a 5×5 heat summary;
// overdue reviews in red. Owners and admins create and edit risks in a dialog.
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, PageHeader, Select, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { FixItemDialog } from "@/components/fix-items/fix-item-dialog";
import { useDeleteRisk, useRisks, useRunbooks, useSaveRisk } from "@/lib/client/governance";
import { useObjectivesWithStatus } from "@/lib/client/objectives";
import { useFixItems } from "@/lib/client/fix-items";
import { objectiveTitle } from "@/lib/shared/objectives";
import { RISK_CATEGORY_LABELS, RISK_STATUSES, RISK_STATUS_LABELS, type Risk, type RiskStatus } from "@/lib/shared/risks";
import { RiskForm, type Member } from "./risk-form";
import { RiskHeatmap } from "./risk-heatmap";

export function RisksPanel({ members }: { members: Member[] }) {
  const project = useProject();
  const params = useSearchParams();
  const q = useRisks(project.slug);
  const canWrite = project.can("risks:write");
  const [status, setStatus] = useState<RiskStatus | "">("");
  const [overdueOnly, setOverdueOnly] = useState(params.get("overdue") === "true");
  const [editing, setEditing] = useState<Risk | "new" | null>(null);
  const rows = (q.data ?? []).filter((r) => (!status || r.status === status) && (!overdueOnly || r.overdue));

  return (
    <div className="min-w-0">
      <PageHeader
        title="Risks"
        description="The risk register: each risk with an owner, a mitigation and a review date. Sorted by score (likelihood × impact)."
        actions={
          canWrite && (
            <Button variant="primary" onClick={() => setEditing("new")}>
              New risk
            </Button>
          )
        }
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_auto]">
        <div className="min-w-0">
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <Select aria-label="Status" className="w-40" value={status} onChange={(e) => setStatus(e.target.value as RiskStatus | "")}>
              <option value="">All statuses</option>
              {RISK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {RISK_STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
            <label className="inline-flex items-center gap-1.5 text-sm text-slate-700">
              <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} className="size-4 rounded border-slate-300" />
              Review overdue only
            </label>
          </div>
          <Card flush>
            {q.isError ? (
              <ErrorState compact error={q.error} onRetry={() => q.refetch()} />
            ) : !q.data ? (
              <SkeletonRows rows={5} className="p-4" />
            ) : rows.length === 0 ? (
              <EmptyState
                compact
                title={q.data.length === 0 ? "No risks yet" : "No risks match"}
                description={q.data.length === 0 ? "Register quality drift, cost spikes, compliance gaps and operational overload, each with an owner and a review date." : "Change the filters."}
              />
            ) : (
              <TableContainer>
                <Table aria-label="Risks" className="min-w-[46rem]">
                  <THead>
                    <Tr>
                      <Th>Risk</Th>
                      <Th className="text-right">Score</Th>
                      <Th>Owner</Th>
                      <Th>Status</Th>
                      <Th>Review</Th>
                      {canWrite && <Th />}
                    </Tr>
                  </THead>
                  <TBody>
                    {rows.map((r) => (
                      <Tr key={r.id} data-testid="risk-row" className={cn(r.overdue && "bg-rose-50/60")}>
                        <Td>
                          <div className="font-medium text-slate-900">{r.title}</div>
                          <div className="text-xs text-slate-500">
                            {RISK_CATEGORY_LABELS[r.category]}
                            {r.mitigation && ` · ${r.mitigation}`}
                          </div>
                          {r.links.length > 0 && <div className="mt-0.5 text-[11px] text-slate-500">Linked: {r.links.map((l) => l.label).join(", ")}</div>}
                        </Td>
                        <Td className="text-right tabular-nums" title={`likelihood ${r.likelihood} × impact ${r.impact}`}>
                          <span className="font-semibold">{r.score}</span>
                          <span className="ml-1 text-xs text-slate-500">
                            {r.likelihood}×{r.impact}
                          </span>
                        </Td>
                        <Td>{r.ownerName ?? r.owner}</Td>
                        <Td>
                          <Badge tone={r.status === "closed" ? "muted" : r.status === "accepted" ? "neutral" : r.status === "mitigating" ? "info" : "warn"}>{RISK_STATUS_LABELS[r.status]}</Badge>
                        </Td>
                        <Td className={cn("whitespace-nowrap tabular-nums", r.overdue && "font-semibold text-rose-700")} data-testid="risk-review">
                          {r.reviewDate}
                          {r.overdue && (
                            <Badge tone="bad" className="ml-1.5">
                              Review overdue
                            </Badge>
                          )}
                        </Td>
                        {canWrite && (
                          <Td>
                            <Button size="sm" variant="ghost" onClick={() => setEditing(r)} aria-label={`Edit ${r.title}`}>
                              Edit
                            </Button>
                          </Td>
                        )}
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              </TableContainer>
            )}
          </Card>
        </div>
        <Card title="Heat map" description="Risks not closed">
          <RiskHeatmap risks={q.data ?? []} />
        </Card>
      </div>
      {canWrite && editing && <RiskDialog members={members} risk={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function RiskDialog({ members, risk, onClose }: { members: Member[]; risk: Risk | null; onClose: () => void }) {
  const project = useProject();
  const save = useSaveRisk(project.slug);
  const remove = useDeleteRisk(project.slug);
  const objectives = useObjectivesWithStatus(project.slug);
  const fixItems = useFixItems(project.slug, {});
  const runbooks = useRunbooks(project.slug);
  const options = {
    objective: (objectives.data ?? []).map((o) => ({ id: o.id, label: objectiveTitle(o) })),
    fix_item: (fixItems.data?.fixItems ?? []).map((f) => ({ id: f.id, label: f.reason })),
    runbook: (runbooks.data ?? []).map((r) => ({ id: r.id, label: r.title })),
  };
  return (
    <FixItemDialog open onClose={onClose} title={risk ? "Edit risk" : "New risk"}>
      <RiskForm
        members={members}
        risk={risk}
        options={options}
        pending={save.isPending}
        error={save.error}
        onCancel={onClose}
        onSubmit={(body) => save.mutate({ id: risk?.id ?? null, body }, { onSuccess: onClose })}
      />
      {risk && (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <Button variant="danger" size="sm" loading={remove.isPending} onClick={() => remove.mutate(risk.id, { onSuccess: onClose })}>
            Delete risk
          </Button>
        </div>
      )}
    </FixItemDialog>
  );
}
