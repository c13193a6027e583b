"use client";
// "Create fix item" on an incident (owners and admins): a fix item for the incident's failure
// reason (or one named here when the incident has none), recorded on the incident's timeline and
// listed as an action item of its postmortem.
import { useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, Select } from "@/components/ui";
import { useAssignees } from "@/lib/client/fix-items";
import { useCreateIncidentFixItem } from "@/lib/client/incident-response";
import { FAILURE_CATEGORIES, type FailureCategory } from "@/lib/shared/fix-items";
import { formatCategory } from "@/lib/shared/format";
import type { ApiError } from "@/lib/client/fetcher";

export function IncidentFixItemForm({
  slug,
  number,
  failure,
}: {
  slug: string;
  number: number;
  failure: { category: FailureCategory; reason: string } | null;
}) {
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [category, setCategory] = useState<FailureCategory>(failure?.category ?? "tool_error");
  const [reason, setReason] = useState(failure?.reason ?? "");
  const members = useAssignees(slug, open);
  const create = useCreateIncidentFixItem(slug, number);
  const issue = (path: string) => (create.error as ApiError | null)?.issues?.find((i) => i.path === path)?.message;

  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Create fix item
      </Button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ category, reason, owner, dueDate }, { onSuccess: () => setOpen(false) });
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Create fix item">
      {failure ? (
        <p className="text-sm text-slate-700">
          For <span className="font-medium">{formatCategory(failure.category)} · {failure.reason}</span>
        </p>
      ) : (
        <>
          <Field label="Category">
            {(p) => (
              <Select id={p.id} value={category} onChange={(e) => setCategory(e.target.value as FailureCategory)}>
                {FAILURE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {formatCategory(c)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Failure reason" error={issue("reason")}>
            {(p) => <Input {...p} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />}
          </Field>
        </>
      )}
      <Field label="Owner" error={issue("owner")}>
        {(p) => (
          <Select id={p.id} invalid={p.invalid} value={owner} onChange={(e) => setOwner(e.target.value)} disabled={members.isPending}>
            <option value="">Pick a member…</option>
            {(members.data ?? []).map((m) => (
              <option key={m.email} value={m.email}>
                {m.name ? `${m.name} · ${m.email}` : m.email}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Due date" error={issue("dueDate")}>
        {(p) => <Input {...p} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
      </Field>
      {create.isError && !issue("owner") && !issue("dueDate") && !issue("reason") && <Notice tone="bad">{create.error.message}</Notice>}
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" loading={create.isPending} disabled={!owner || !dueDate || !reason.trim()}>
          Create fix item
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
