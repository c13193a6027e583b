"use client";
// The project's incident-response settings (issue 18): the severity tiers (description, criteria,
// acknowledge within, update every) and the stakeholder-update templates per audience, each
// template previewed inertly (MarkdownView). Owners and admins edit; everyone else reads.
import { useState } from "react";
import { Button, Card, ErrorState, Field, Input, Notice, SkeletonRows } from "@/components/ui";
import { MarkdownView } from "@/components/ui/markdown";
import { useSaveSeverityTiers, useSaveUpdateTemplates, useSeverityTiers, useUpdateTemplates } from "@/lib/client/incident-response";
import { AUDIENCE_LABELS, AUDIENCES, type SeverityTier, type SeverityTiers, type UpdateTemplates } from "@/lib/shared/incident-response";
import { SEVERITIES } from "@/lib/shared/incidents";
import type { ApiError } from "@/lib/client/fetcher";

const TEXTAREA =
  "block w-full rounded-md border border-slate-300 px-2.5 py-2 text-sm text-slate-900 focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none disabled:bg-slate-50";

const issueOf = (err: unknown, path: string) => (err as ApiError | null)?.issues?.find((i) => i.path === path)?.message;

export function ResponseSettings({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  return (
    <div className="space-y-4">
      <TiersForm slug={slug} canEdit={canEdit} />
      <TemplatesForm slug={slug} canEdit={canEdit} />
    </div>
  );
}

function TiersForm({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const q = useSeverityTiers(slug);
  const save = useSaveSeverityTiers(slug);
  const [edit, setEdit] = useState<SeverityTiers | null>(null);
  if (q.isPending) return <SkeletonRows rows={4} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const tiers = edit ?? q.data.tiers;
  const set = (sev: keyof SeverityTiers, patch: Partial<SeverityTier>) => setEdit({ ...tiers, [sev]: { ...tiers[sev], ...patch } });
  const minutes = (v: string) => (v.trim() === "" ? null : Number(v));
  return (
    <Card
      title="Severity tiers"
      description={q.data.isDefault && !edit ? "Keel's defaults" : "This project's tiers"}
      actions={
        canEdit ? (
          <Button variant="primary" size="sm" disabled={!edit} loading={save.isPending} onClick={() => edit && save.mutate(edit, { onSuccess: () => setEdit(null) })}>
            Save tiers
          </Button>
        ) : undefined
      }
    >
      {save.isError && <Notice tone="bad" className="mb-3">{save.error.message}</Notice>}
      {save.isSuccess && !edit && <Notice tone="good" className="mb-3">Saved.</Notice>}
      <div className="grid gap-4 md:grid-cols-2 [&>*]:min-w-0">
        {SEVERITIES.map((sev) => {
          const t = tiers[sev];
          const err = (f: string) => issueOf(save.error, `tiers.${sev}.${f}`);
          return (
            <fieldset key={sev} className="space-y-2 rounded-md border border-slate-200 p-3" aria-label={sev}>
              <legend className="px-1 text-sm font-semibold text-slate-900">{sev}</legend>
              <Field label="Description" error={err("description")}>
                {(p) => <Input {...p} value={t.description} disabled={!canEdit} onChange={(e) => set(sev, { description: e.target.value })} />}
              </Field>
              <Field label="Criteria" error={err("criteria")}>
                {(p) => <textarea {...p} className={TEXTAREA} rows={2} value={t.criteria} disabled={!canEdit} onChange={(e) => set(sev, { criteria: e.target.value })} />}
              </Field>
              <div className="grid grid-cols-2 gap-2">
                <Field label="Acknowledge within (min)" error={err("acknowledgeWithinMinutes")}>
                  {(p) => (
                    <Input {...p} type="number" min={1} value={t.acknowledgeWithinMinutes} disabled={!canEdit} onChange={(e) => set(sev, { acknowledgeWithinMinutes: Number(e.target.value) })} />
                  )}
                </Field>
                <Field label="Update every (min)" hint="empty: no cadence" error={err("updateEveryMinutes")}>
                  {(p) => (
                    <Input {...p} type="number" min={1} value={t.updateEveryMinutes ?? ""} disabled={!canEdit} onChange={(e) => set(sev, { updateEveryMinutes: minutes(e.target.value) })} />
                  )}
                </Field>
              </div>
            </fieldset>
          );
        })}
      </div>
    </Card>
  );
}

function TemplatesForm({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const q = useUpdateTemplates(slug);
  const save = useSaveUpdateTemplates(slug);
  const [edit, setEdit] = useState<UpdateTemplates | null>(null);
  if (q.isPending) return <SkeletonRows rows={4} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const templates = edit ?? q.data.templates;
  return (
    <Card
      title="Stakeholder-update templates"
      description="Markdown with {{placeholders}}, filled from the incident when an update is prepared"
      actions={
        canEdit ? (
          <Button variant="primary" size="sm" disabled={!edit} loading={save.isPending} onClick={() => edit && save.mutate(edit, { onSuccess: () => setEdit(null) })}>
            Save templates
          </Button>
        ) : undefined
      }
    >
      {save.isError && <Notice tone="bad" className="mb-3">{save.error.message}</Notice>}
      {save.isSuccess && !edit && <Notice tone="good" className="mb-3">Saved.</Notice>}
      <div className="space-y-4">
        {AUDIENCES.map((a) => (
          <div key={a} className="grid gap-3 lg:grid-cols-2 [&>*]:min-w-0">
            <Field label={`${AUDIENCE_LABELS[a]} template`} error={issueOf(save.error, `templates.${a}`)}>
              {(p) => (
                <textarea {...p} className={`${TEXTAREA} font-mono text-xs`} rows={8} value={templates[a]} disabled={!canEdit} onChange={(e) => setEdit({ ...templates, [a]: e.target.value })} />
              )}
            </Field>
            <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-1 text-sm break-words text-slate-800" data-testid={`template-preview-${a}`}>
              <MarkdownView source={templates[a]} />
            </div>
          </div>
        ))}
        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer font-medium">Placeholders</summary>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
            {Object.entries(q.data.placeholders).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-slate-800">{`{{${k}}}`}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
    </Card>
  );
}
