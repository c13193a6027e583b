"use client";
// The postmortem of an incident: Keel's generated draft (from the timeline and the numbers) until
// someone saves one; the commander (or an owner or admin) edits the Markdown beside its preview and
// saves it as a draft; an owner or admin publishes it, after which it is read-only with who and
// when. Downloadable as Markdown at every stage. Rendered inertly (MarkdownView).
import { useState } from "react";
import { Badge, Button, buttonClass, Card, ErrorState, Notice, SkeletonRows, Time } from "@/components/ui";
import { MarkdownView } from "@/components/ui/markdown";
import { usePostmortem, usePublishPostmortem, useSavePostmortem } from "@/lib/client/incident-response";
import { POSTMORTEM_MAX_LENGTH } from "@/lib/shared/incident-response";

const who = (p: { email: string; name: string | null } | null) => (p ? (p.name ?? p.email) : "someone");

export function PostmortemEditor({ slug, number, canEdit, canPublish }: { slug: string; number: number; canEdit: boolean; canPublish: boolean }) {
  const pm = usePostmortem(slug, number);
  const save = useSavePostmortem(slug, number);
  const publish = usePublishPostmortem(slug, number);
  const [draft, setDraft] = useState<string | null>(null);

  if (pm.isPending) return <SkeletonRows rows={8} />;
  if (pm.isError) return <ErrorState error={pm.error} onRetry={() => pm.refetch()} />;
  const data = pm.data;
  const published = data.status === "published";
  const body = draft ?? data.body;
  const dirty = draft !== null && draft !== data.body;
  const download = `/api/v1/incidents/${number}/postmortem?${new URLSearchParams({ project: slug, format: "markdown" })}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600" data-testid="postmortem-status">
        {published ? (
          <>
            <Badge tone="good">Published</Badge>
            <span>
              by {who(data.publishedBy)} on <Time value={data.publishedAt} /> · read-only
            </span>
          </>
        ) : data.saved ? (
          <>
            <Badge tone="warn">Draft</Badge>
            <span>
              saved by {who(data.updatedBy)} on <Time value={data.updatedAt} />
            </span>
          </>
        ) : (
          <>
            <Badge tone="muted">Generated draft</Badge>
            <span>from the timeline and the numbers; not saved yet</span>
          </>
        )}
        <a href={download} className={buttonClass("secondary", "sm", "ml-auto")} download>
          Download Markdown
        </a>
      </div>
      {canEdit && !published ? (
        <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
          <Card title="Markdown">
            <textarea
              aria-label="Postmortem Markdown"
              value={body}
              onChange={(e) => setDraft(e.target.value)}
              maxLength={POSTMORTEM_MAX_LENGTH}
              rows={28}
              className="block w-full rounded-md border border-slate-300 px-2.5 py-2 font-mono text-xs text-slate-900 focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
            />
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <Button variant="primary" size="sm" loading={save.isPending} disabled={!body.trim() || (data.saved && !dirty)} onClick={() => save.mutate(body, { onSuccess: () => setDraft(null) })}>
                Save draft
              </Button>
              {canPublish && (
                <Button variant="secondary" size="sm" loading={publish.isPending} disabled={dirty || !data.saved} onClick={() => publish.mutate(undefined)}>
                  Publish
                </Button>
              )}
              {draft !== null && (
                <Button variant="ghost" size="sm" onClick={() => setDraft(null)}>
                  Discard changes
                </Button>
              )}
              {data.saved && (
                <Button variant="ghost" size="sm" onClick={() => setDraft(data.generated)}>
                  Start over from a fresh draft
                </Button>
              )}
            </div>
            {canPublish && dirty && <p className="mt-2 text-xs text-slate-500">Save the draft before publishing.</p>}
            {(save.isError || publish.isError) && <Notice tone="bad" className="mt-2">{(save.error ?? publish.error)?.message}</Notice>}
          </Card>
          <Card title="Preview">
            <div className="text-sm break-words text-slate-800" data-testid="postmortem-preview">
              <MarkdownView source={body} />
            </div>
          </Card>
        </div>
      ) : (
        <Card>
          <div className="text-sm break-words text-slate-800" data-testid="postmortem-preview">
            <MarkdownView source={data.body} />
          </div>
        </Card>
      )}
    </div>
  );
}
