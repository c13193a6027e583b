"use client";
// The project's objectives with their status now: health, attainment, budget remaining and the
// alert level. Owners and admins draft, edit and approve here.
import Link from "next/link";
import { useRef, useState } from "react";
import { Button, EmptyState, ErrorState, PageHeader, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useApproveObjective, useEvaluateNow, useObjectivesWithStatus } from "@/lib/client/objectives";
import { formatRate } from "@/lib/shared/format";
import { objectiveTitle, type ObjectiveDto } from "@/lib/shared/objectives";
import { AlertLevelBadge, HealthBadge, ObjectiveStatusBadge } from "./badges";
import { KpiRulesSection } from "./kpi-rules-section";
import { ObjectiveForm } from "./objective-form";
import { AreaOwner } from "@/components/governance/area-owner";

export function ObjectivesPanel() {
  const project = useProject();
  const q = useObjectivesWithStatus(project.slug);
  const approve = useApproveObjective(project.slug);
  const evaluate = useEvaluateNow(project.slug);
  const canWrite = project.can("objectives:write");
  // Each opening is its own value: a form's onDone closes only the form it belongs to, so a save
  // finishing after "New objective" was clicked again never closes the new, empty form.
  const [editing, setEditing] = useState<{ key: string; objective?: ObjectiveDto } | null>(null);
  const opened = useRef(0);

  return (
    <div className="min-w-0 space-y-4">
      <PageHeader
        title="Objectives"
        description={
          <>
            Reliability objectives leadership approves, their error budgets and burn rates
            <AreaOwner area="reliability" className="mt-0.5" />
          </>
        }
        actions={
          canWrite && (
            <div className="flex gap-2">
              <Button onClick={() => evaluate.mutate()} loading={evaluate.isPending} title="Evaluate the alerts now (the server does every minute)">
                Evaluate now
              </Button>
              <Button variant="primary" onClick={() => setEditing({ key: `new-${++opened.current}` })}>
                New objective
              </Button>
            </div>
          )
        }
      />
      {editing && (
        <ObjectiveForm key={editing.key} slug={project.slug} objective={editing.objective} onDone={() => setEditing((now) => (now === editing ? null : now))} />
      )}
      {q.isPending ? (
        <SkeletonRows rows={4} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState title="No objectives yet" description="An objective is an SLI (success rate, non-escalation rate, run or tool latency), a target and a rolling period." />
      ) : (
        <TableContainer>
          <Table>
            <THead>
              <tr>
                <Th>Objective</Th>
                <Th>Status</Th>
                <Th>Health</Th>
                <Th numeric>Attainment</Th>
                <Th numeric>Budget left</Th>
                <Th>Alert</Th>
                <Th />
              </tr>
            </THead>
            <TBody>
              {q.data.map((o) => (
                <Tr key={o.id}>
                  <Td className="min-w-56">
                    <Link href={`/${project.slug}/objectives/${o.id}`} className="font-medium text-accent-700 hover:underline">
                      {objectiveTitle(o)}
                    </Link>
                    {o.approvedBy && <div className="text-[11px] text-slate-500">approved by {o.approvedBy}</div>}
                  </Td>
                  <Td>
                    <ObjectiveStatusBadge status={o.status} />
                  </Td>
                  <Td>
                    <HealthBadge health={o.current.health} />
                  </Td>
                  <Td numeric>{formatRate(o.current.attainment, 2)}</Td>
                  <Td numeric>{formatRate(o.current.budgetRemaining)}</Td>
                  <Td>{o.status === "approved" ? <AlertLevelBadge level={o.current.alert} /> : <span className="text-xs text-slate-400">draft: no alerts</span>}</Td>
                  <Td className="text-right whitespace-nowrap">
                    {canWrite && o.status === "draft" && (
                      <Button size="sm" variant="primary" onClick={() => approve.mutate(o.id)} loading={approve.isPending && approve.variables === o.id}>
                        Approve
                      </Button>
                    )}{" "}
                    {canWrite && (
                      <Button size="sm" onClick={() => setEditing({ key: o.id, objective: o })}>
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
      <KpiRulesSection />
    </div>
  );
}
