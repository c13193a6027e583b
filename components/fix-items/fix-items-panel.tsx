"use client";
// All fix items of the project, or the person's own ("Assigned to me"), with filters; selecting
// one shows its fields and history beside the list. Owners and admins create items here too,
// picking a failure type from the last 30 days' failure reasons or typing one.
import { useState } from "react";
import { Badge, Button, Card, EmptyState, ErrorState, PageHeader, Select, SkeletonRows, StatusBadge, Table, TableContainer, TBody, Tabs, Td, Th, THead, Time, Tr, cn } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useFixItems, type FixItemFilter } from "@/lib/client/fix-items";
import { useFailureReasons } from "@/lib/client/metrics";
import { FAILURE_CATEGORIES, FIX_STATUSES, FIX_STATUS_LABELS, type FailureCategory, type FixStatus } from "@/lib/shared/fix-items";
import { FixItemEditor, type Member } from "./fix-item-editor";
import { FixItemDetail } from "./fix-item-detail";
import { FixItemDialog } from "./fix-item-dialog";

/** The failure reasons offered when creating an item: the last 30 days, the most frequent 50. */
const SUGGESTION_DAYS = 30;
const SUGGESTION_LIMIT = 50;

type Scope = "all" | "mine";

export function FixItemsPanel({ members, initialScope }: { members: Member[]; initialScope: Scope }) {
  const project = useProject();
  const [scope, setScope] = useState<Scope>(initialScope);
  const [owner, setOwner] = useState("");
  const [status, setStatus] = useState<FixStatus | "">("");
  const [category, setCategory] = useState<FailureCategory | "">("");
  const [overdue, setOverdue] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const filter: FixItemFilter = {
    ...(scope === "mine" ? { owner: "me" } : owner ? { owner } : {}),
    ...(status ? { status } : {}),
    ...(category ? { category } : {}),
    ...(overdue ? { overdue: true } : {}),
  };
  const q = useFixItems(project.slug, filter);
  const canWrite = project.can("fix-items:write");
  const [creating, setCreating] = useState(false);

  return (
    <div className="min-w-0">
      <PageHeader
        title="Fix items"
        description="Who fixes which failure type, and by when"
        actions={
          canWrite && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New fix item
            </Button>
          )
        }
      >
        <Tabs
          label="Whose items"
          value={scope}
          onChange={(id) => setScope(id as Scope)}
          items={[
            { id: "all", label: "All items" },
            { id: "mine", label: "Assigned to me" },
          ]}
        />
      </PageHeader>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        {scope === "all" && (
          <Select aria-label="Owner" className="w-56" value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">All owners</option>
            {members.map((m) => (
              <option key={m.email} value={m.email}>
                {m.name ?? m.email}
              </option>
            ))}
          </Select>
        )}
        <Select aria-label="Status" className="w-40" value={status} onChange={(e) => setStatus(e.target.value as FixStatus | "")}>
          <option value="">All statuses</option>
          {FIX_STATUSES.map((s) => (
            <option key={s} value={s}>
              {FIX_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select aria-label="Category" className="w-44" value={category} onChange={(e) => setCategory(e.target.value as FailureCategory | "")}>
          <option value="">All categories</option>
          {FAILURE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
        <label className="inline-flex items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} className="size-4 rounded border-slate-300" />
          Overdue only
        </label>
      </div>
      <div className={cn("grid gap-4", selected ? "xl:grid-cols-[minmax(0,1fr)_26rem]" : "grid-cols-1")}>
        <Card flush>
          {q.isError ? (
            <ErrorState compact error={q.error} onRetry={() => q.refetch()} />
          ) : !q.data ? (
            <SkeletonRows rows={6} className="p-4" />
          ) : q.data.fixItems.length === 0 ? (
            <EmptyState
              compact
              title={scope === "mine" ? "Nothing assigned to you" : "No fix items match"}
              description="Fix items are assigned from the weekly review's top failures, the Failures page, or “New fix item”."
            />
          ) : (
            <TableContainer>
            <Table aria-label="Fix items" className="min-w-[44rem]">
              <THead>
                <Tr>
                  <Th>Failure</Th>
                  <Th>Owner</Th>
                  <Th>Due</Th>
                  <Th>Status</Th>
                  <Th>RCA notes</Th>
                  <Th>Updated</Th>
                </Tr>
              </THead>
              <TBody>
                {q.data.fixItems.map((item) => (
                  <Tr key={item.id} interactive selected={item.id === selected} onClick={() => setSelected(item.id)} className={cn(item.overdue && "bg-rose-50/60")} data-testid="fix-item-row">
                    <Td>
                      <button type="button" className="text-left font-medium text-slate-900 hover:underline" onClick={() => setSelected(item.id)}>
                        {item.reason}
                      </button>
                      <div className="font-mono text-[11px] text-slate-500">{item.category}</div>
                    </Td>
                    <Td>{item.ownerName ?? item.owner}</Td>
                    <Td className={cn("whitespace-nowrap tabular-nums", item.overdue && "font-semibold text-rose-700")}>
                      {item.dueDate}
                      {item.overdue && (
                        <Badge tone="bad" className="ml-1.5">
                          Overdue
                        </Badge>
                      )}
                    </Td>
                    <Td>
                      <StatusBadge status={item.status} />
                    </Td>
                    <Td className="max-w-64">
                      <span className="line-clamp-1 text-xs text-slate-600">{item.notes ?? ""}</span>
                    </Td>
                    <Td muted className="whitespace-nowrap text-xs">
                      <Time value={item.updatedAt} precision="date" />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            </TableContainer>
          )}
        </Card>
        {selected && <FixItemDetail key={selected} slug={project.slug} id={selected} members={members} canWrite={canWrite} onClose={() => setSelected(null)} />}
      </div>
      {canWrite && (
        <FixItemDialog open={creating} onClose={() => setCreating(false)} title="New fix item" subtitle="Pick a failure reason of the last 30 days, or type a category and reason.">
          <NewFixItemForm slug={project.slug} members={members} onDone={() => setCreating(false)} onCreated={(id) => setSelected(id)} />
        </FixItemDialog>
      )}
    </div>
  );
}

function NewFixItemForm({ slug, members, onDone, onCreated }: { slug: string; members: Member[]; onDone: () => void; onCreated: (id: string) => void }) {
  const [range] = useState(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - SUGGESTION_DAYS * 86_400_000).toISOString(), to: to.toISOString() };
  });
  const reasons = useFailureReasons(slug, range, SUGGESTION_LIMIT);
  if (reasons.isPending) return <SkeletonRows rows={4} />;
  return (
    <FixItemEditor
      slug={slug}
      members={members}
      failure={null}
      item={null}
      layout="stack"
      suggestions={(reasons.data ?? []).map((r) => ({ category: r.category, reason: r.reason, count: r.count }))}
      onDone={onDone}
      onSaved={(item) => onCreated(item.id)}
    />
  );
}
