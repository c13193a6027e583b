"use client";
// One runbook: rendered inert (MarkdownView), its owner, attachments and flags; "Edit" (a new
// version, with a preview), "Mark reviewed", and the version history with who and when, each old
// version viewable in place.
import Link from "next/link";
import { useState } from "react";
import { Badge, Button, Card, ErrorState, Notice, PageHeader, SkeletonRows, Time } from "@/components/ui";
import { MarkdownView } from "@/components/ui/markdown";
import { useProject } from "@/components/shell/project-context";
import { useReviewRunbook, useRunbook, useRunbookVersions, useUpdateRunbook } from "@/lib/client/governance";
import { runbookAttachmentLabel } from "@/lib/shared/runbooks";
import { RunbookForm, runbookFormValues, type Member } from "./runbook-form";

export function RunbookDetail({ id, members }: { id: string; members: Member[] }) {
  const project = useProject();
  const q = useRunbook(project.slug, id);
  const versions = useRunbookVersions(project.slug, id);
  const update = useUpdateRunbook(project.slug, id);
  const review = useReviewRunbook(project.slug, id);
  const canWrite = project.can("runbooks:write");
  const [editing, setEditing] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const refresh = () => Promise.all([q.refetch(), versions.refetch()]);

  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <SkeletonRows rows={8} />;
  const rb = q.data;
  const old = viewing !== null ? versions.data?.find((v) => v.version === viewing) : undefined;

  return (
    <div className="min-w-0">
      <PageHeader
        title={rb.title}
        description={
          <span>
            <Link href={`/${project.slug}/runbooks`} className="text-accent-700 hover:underline">
              Runbooks
            </Link>{" "}
            · {runbookAttachmentLabel(rb)} · owner {rb.ownerName ?? rb.owner ?? "none"} · v{rb.version}
          </span>
        }
        actions={
          canWrite &&
          !editing && (
            <>
              <Button onClick={() => review.mutate(undefined, { onSuccess: () => void refresh() })} loading={review.isPending}>
                Mark reviewed
              </Button>
              <Button variant="primary" onClick={() => setEditing(true)}>
                Edit
              </Button>
            </>
          )
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span>
          Last reviewed <Time value={rb.lastReviewedAt} precision="date" /> · review due by {rb.reviewDueDate}
        </span>
        {rb.flags.noOwner && <Badge tone="warn">No owner</Badge>}
        {rb.flags.notReviewed && <Badge tone="warn">Review overdue</Badge>}
      </div>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <Card>
          {editing ? (
            <RunbookForm
              members={members}
              initial={runbookFormValues(rb)}
              pending={update.isPending}
              error={update.error}
              submitLabel="Save new version"
              onCancel={() => setEditing(false)}
              onSubmit={(body) =>
                update.mutate(body, {
                  onSuccess: () => {
                    setEditing(false);
                    setViewing(null);
                    void refresh();
                  },
                })
              }
            />
          ) : old ? (
            <>
              <Notice tone="info" className="mb-3">
                Viewing version {old.version} by {old.author ?? "a deleted user"} (<Time value={old.createdAt} />).{" "}
                <button type="button" className="font-medium underline" onClick={() => setViewing(null)}>
                  Back to the current version
                </button>
              </Notice>
              <h2 className="mb-2 text-sm font-semibold text-slate-900">{old.title}</h2>
              <MarkdownView source={old.body} />
            </>
          ) : rb.body.trim() ? (
            <MarkdownView source={rb.body} />
          ) : (
            <p className="text-sm text-slate-500">This runbook is empty.</p>
          )}
        </Card>
        <Card title="Version history" flush>
          {!versions.data ? (
            <SkeletonRows rows={3} className="p-3" />
          ) : (
            <ol className="divide-y divide-slate-100" aria-label="Versions">
              {versions.data.map((v) => (
                <li key={v.version} className="flex items-start justify-between gap-2 px-3 py-2 text-xs" data-testid="runbook-version">
                  <div className="min-w-0">
                    <div className="font-medium text-slate-800">
                      v{v.version}
                      {v.version === rb.version && <span className="ml-1 text-slate-500">(current)</span>}
                    </div>
                    <div className="truncate text-slate-500">{v.author ?? "deleted user"}</div>
                    <div className="text-slate-500">
                      <Time value={v.createdAt} />
                    </div>
                  </div>
                  {v.version !== rb.version && (
                    <Button size="sm" variant="ghost" onClick={() => setViewing(v.version)} aria-label={`View version ${v.version}`}>
                      View
                    </Button>
                  )}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </div>
  );
}
