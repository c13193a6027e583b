"use client";
// Create or edit a runbook: title, owner, what it is attached to, and the Markdown body with a
// Write / Preview switch (the preview is the same inert renderer the page uses).
import { useState } from "react";
import { Button, Field, Input, Select, Tabs, errorMessage } from "@/components/ui";
import { MarkdownView } from "@/components/ui/markdown";
import { FAILURE_CATEGORIES, type FailureCategory } from "@/lib/shared/contract-enums";
import type { Runbook, RunbookCreate } from "@/lib/shared/runbooks";

export interface Member {
  email: string;
  name: string | null;
}

type Values = { title: string; body: string; owner: string; workflow: string; tool: string; category: FailureCategory | ""; reason: string };

export function RunbookForm({
  members,
  initial,
  pending,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  members: Member[];
  initial: Partial<Values>;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (body: RunbookCreate) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Values>({ title: "", body: "", owner: "", workflow: "", tool: "", category: "", reason: "", ...initial });
  const [tab, setTab] = useState("write");
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [k]: e.target.value }));
  const text = (s: string) => (s.trim() ? s.trim() : null);
  const submit = () =>
    onSubmit({
      title: v.title,
      body: v.body,
      owner: v.owner || null,
      workflow: text(v.workflow),
      tool: text(v.tool),
      category: v.category || null,
      reason: text(v.reason),
    });
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Title">{(p) => <Input {...p} value={v.title} onChange={set("title")} required maxLength={200} />}</Field>
        <Field label="Owner">
          {(p) => (
            <Select {...p} value={v.owner} onChange={set("owner")}>
              <option value="">No owner</option>
              {members.map((m) => (
                <option key={m.email} value={m.email}>
                  {m.name ?? m.email}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Failure category">
          {(p) => (
            <Select {...p} value={v.category} onChange={set("category")}>
              <option value="">Any</option>
              {FAILURE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Failure reason">{(p) => <Input {...p} value={v.reason} onChange={set("reason")} maxLength={200} placeholder="e.g. ticketing API timeout" />}</Field>
        <Field label="Workflow">{(p) => <Input {...p} value={v.workflow} onChange={set("workflow")} maxLength={100} />}</Field>
        <Field label="Tool">{(p) => <Input {...p} value={v.tool} onChange={set("tool")} maxLength={100} />}</Field>
      </div>
      <p className="text-xs text-slate-500">A runbook applies where every field set above matches. With none set it is a general runbook.</p>
      <Tabs
        label="Body"
        value={tab}
        onChange={setTab}
        items={[
          { id: "write", label: "Write" },
          { id: "preview", label: "Preview" },
        ]}
      />
      {tab === "write" ? (
        <Field label="Body (Markdown)">
          {(p) => (
            <textarea
              {...p}
              value={v.body}
              onChange={set("body")}
              rows={12}
              className="block w-full rounded-md border border-slate-300 px-2.5 py-2 font-mono text-xs text-slate-900 focus:border-accent-500 focus:ring-1 focus:ring-accent-500 focus:outline-none"
            />
          )}
        </Field>
      ) : (
        <div className="min-h-40 rounded-md border border-slate-200 p-3" data-testid="runbook-preview">
          {v.body.trim() ? <MarkdownView source={v.body} /> : <p className="text-xs text-slate-500">Nothing to preview.</p>}
        </div>
      )}
      {error ? (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {errorMessage(error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

export const runbookFormValues = (rb: Runbook): Partial<Values> => ({
  title: rb.title,
  body: rb.body,
  owner: rb.owner ?? "",
  workflow: rb.workflow ?? "",
  tool: rb.tool ?? "",
  category: rb.category ?? "",
  reason: rb.reason ?? "",
});
