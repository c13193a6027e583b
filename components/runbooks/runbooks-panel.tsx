"use client";
// All runbooks of the project with their flags (no owner, review overdue) and filters; SREs and up
// write new ones here ("?new=1&category=…&reason=…" opens the form prefilled, from a failure's
// "Add a runbook" link). Viewers see the list but not the bodies.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, Input, PageHeader, Select, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Time, Tr } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { FixItemDialog } from "@/components/fix-items/fix-item-dialog";
import { useCreateRunbook, useRunbooks } from "@/lib/client/governance";
import { runbookAttachmentLabel, RUNBOOK_REVIEW_DAYS } from "@/lib/shared/runbooks";
import { FAILURE_CATEGORIES, type FailureCategory } from "@/lib/shared/contract-enums";
import { RunbookForm, type Member } from "./runbook-form";

export function RunbooksPanel({ members }: { members: Member[] }) {
  const project = useProject();
  const router = useRouter();
  const params = useSearchParams();
  const q = useRunbooks(project.slug);
  const create = useCreateRunbook(project.slug);
  const canWrite = project.can("runbooks:write");
  const canRead = project.can("runbook-bodies:read");
  const [creating, setCreating] = useState(canWrite && params.get("new") === "1");
  const [search, setSearch] = useState("");
  const [flagged, setFlagged] = useState(false);
  const [category, setCategory] = useState<FailureCategory | "">("");
  const prefill = {
    workflow: params.get("workflow") ?? "",
    tool: params.get("tool") ?? "",
    category: (FAILURE_CATEGORIES as readonly string[]).includes(params.get("category") ?? "") ? (params.get("category") as FailureCategory) : ("" as const),
    reason: params.get("reason") ?? "",
    owner: members.some((m) => m.email === project.user.email) ? project.user.email : "",
  };
  const needle = search.trim().toLowerCase();
  const rows = (q.data ?? []).filter(
    (rb) =>
      (!flagged || rb.flags.noOwner || rb.flags.notReviewed) &&
      (!category || rb.category === category) &&
      (!needle || `${rb.title} ${runbookAttachmentLabel(rb)} ${rb.owner ?? ""}`.toLowerCase().includes(needle)),
  );

  return (
    <div className="min-w-0">
      <PageHeader
        title="Runbooks"
        description={`What to do when a failure, a workflow or a tool goes wrong. Flagged without an owner or not reviewed in ${RUNBOOK_REVIEW_DAYS} days.`}
        actions={
          canWrite && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New runbook
            </Button>
          )
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <Input aria-label="Search runbooks" placeholder="Search title, failure, owner" className="w-64" value={search} onChange={(e) => setSearch(e.target.value)} />
        <Select aria-label="Category" className="w-44" value={category} onChange={(e) => setCategory(e.target.value as FailureCategory | "")}>
          <option value="">All categories</option>
          {FAILURE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
        <label className="inline-flex items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={flagged} onChange={(e) => setFlagged(e.target.checked)} className="size-4 rounded border-slate-300" />
          Flagged only
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
            title={q.data.length === 0 ? "No runbooks yet" : "No runbooks match"}
            description={q.data.length === 0 ? "Write one for your most frequent failure reason: it shows on its failing runs, the Failures page, incidents and the weekly review." : "Change the filters."}
          />
        ) : (
          <TableContainer>
            <Table aria-label="Runbooks" className="min-w-[44rem]">
              <THead>
                <Tr>
                  <Th>Title</Th>
                  <Th>Applies to</Th>
                  <Th>Owner</Th>
                  <Th>Version</Th>
                  <Th>Last reviewed</Th>
                </Tr>
              </THead>
              <TBody>
                {rows.map((rb) => (
                  <Tr key={rb.id} data-testid="runbook-row">
                    <Td>
                      {canRead ? (
                        <Link href={`/${project.slug}/runbooks/${rb.id}`} className="font-medium text-slate-900 hover:underline">
                          {rb.title}
                        </Link>
                      ) : (
                        <span className="font-medium text-slate-900">{rb.title}</span>
                      )}
                      <div className="mt-0.5 flex gap-1">
                        {rb.flags.noOwner && <Badge tone="warn">No owner</Badge>}
                        {rb.flags.notReviewed && <Badge tone="warn">Review overdue</Badge>}
                      </div>
                    </Td>
                    <Td className="text-xs text-slate-600">{runbookAttachmentLabel(rb)}</Td>
                    <Td>{rb.ownerName ?? rb.owner ?? <span className="text-slate-400">—</span>}</Td>
                    <Td className="tabular-nums">v{rb.version}</Td>
                    <Td muted className="whitespace-nowrap text-xs">
                      <Time value={rb.lastReviewedAt} precision="date" />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </TableContainer>
        )}
      </Card>
      {canWrite && (
        <FixItemDialog open={creating} onClose={() => setCreating(false)} title="New runbook" subtitle="Markdown; raw HTML shows as text.">
          <RunbookForm
            members={members}
            initial={prefill}
            pending={create.isPending}
            error={create.error}
            submitLabel="Create runbook"
            onCancel={() => setCreating(false)}
            onSubmit={(body) =>
              create.mutate(body, {
                onSuccess: (rb) => {
                  setCreating(false);
                  router.push(`/${project.slug}/runbooks/${rb.id}`);
                },
              })
            }
          />
        </FixItemDialog>
      )}
    </div>
  );
}
