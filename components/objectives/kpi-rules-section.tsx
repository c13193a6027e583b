"use client";
// KPI threshold rules (issue 15) on the objectives page: each rule's KPI over its window now, and
// whether it is above the threshold. Owners and admins create, edit and approve here; "Evaluate now"
// (the page header) evaluates them with the objectives.
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useApproveKpiRule, useKpiRules } from "@/lib/client/kpi-rules";
import { formatKpiRuleValue, KPI_RULE_METRIC_KPI, kpiRuleCondition, windowLabel, type KpiRuleDto } from "@/lib/shared/kpi-rules";
import { ObjectiveStatusBadge } from "./badges";
import { KpiRuleForm } from "./kpi-rule-form";

export function KpiRulesSection() {
  const project = useProject();
  const q = useKpiRules(project.slug);
  const approve = useApproveKpiRule(project.slug);
  const canWrite = project.can("objectives:write");
  const [editing, setEditing] = useState<KpiRuleDto | "new" | null>(null);
  const newButton = canWrite && (
    <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
      New KPI rule
    </Button>
  );

  return (
    <section id="kpi-rules" className="min-w-0 space-y-3 pt-4" aria-labelledby="kpi-rules-title">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="min-w-0">
          <h2 id="kpi-rules-title" className="text-base font-semibold text-slate-900">
            KPI rules
          </h2>
          <p className="text-sm text-slate-500">Thresholds on KPIs that are not a ratio of events: incidents per 1,000 sessions, cost per success, critical policy violations</p>
        </div>
        {q.data && q.data.length > 0 && !editing && newButton}
      </div>
      {editing && <KpiRuleForm key={editing === "new" ? "new" : editing.id} slug={project.slug} rule={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />}
      {q.isPending ? (
        <SkeletonRows rows={2} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <Card>
          <EmptyState
            compact
            title="No KPI rules yet"
            description="A KPI rule alerts when a KPI over a window (say, cost per success over the last hour) is greater than a threshold."
            action={editing ? undefined : newButton}
          />
        </Card>
      ) : (
        <TableContainer>
          <Table>
            <THead>
              <tr>
                <Th>Rule</Th>
                <Th>Metric</Th>
                <Th>Scope</Th>
                <Th numeric>Threshold</Th>
                <Th>Window</Th>
                <Th>Level</Th>
                <Th>Status</Th>
                <Th numeric>Current</Th>
                <Th />
              </tr>
            </THead>
            <TBody>
              {q.data.map((r) => (
                <Tr key={r.id} data-testid="kpi-rule">
                  <Td className="min-w-48">
                    <div className="font-medium text-slate-800">{r.name ?? kpiRuleCondition(r)}</div>
                    {r.approvedBy && <div className="text-[11px] text-slate-500">approved by {r.approvedBy}</div>}
                  </Td>
                  <Td className="whitespace-nowrap">{KPI_RULE_METRIC_KPI[r.metric].label}</Td>
                  <Td>{r.workflow ?? <span className="text-slate-500">all workflows</span>}</Td>
                  <Td numeric>&gt; {formatKpiRuleValue(r.metric, r.threshold)}</Td>
                  <Td className="whitespace-nowrap">{windowLabel(r.windowMinutes)}</Td>
                  <Td>
                    <Badge tone={r.level === "page" ? "bad" : "warn"}>{r.level === "page" ? "Page" : "Ticket"}</Badge>
                  </Td>
                  <Td>
                    <ObjectiveStatusBadge status={r.status} />
                  </Td>
                  <Td numeric>
                    <span className={r.current.breached ? "font-semibold text-rose-700" : undefined} title={r.current.value === null ? "No traffic in the window" : undefined}>
                      {formatKpiRuleValue(r.metric, r.current.value)}
                    </span>
                    {r.current.breached && <div className="text-[11px] text-rose-700">above threshold</div>}
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    {canWrite && r.status === "draft" && (
                      <Button size="sm" variant="primary" onClick={() => approve.mutate(r.id)} loading={approve.isPending && approve.variables === r.id}>
                        Approve
                      </Button>
                    )}{" "}
                    {canWrite && (
                      <Button size="sm" onClick={() => setEditing(r)}>
                        Edit
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </TableContainer>
      )}
    </section>
  );
}
