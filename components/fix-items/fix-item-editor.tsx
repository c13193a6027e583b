"use client";
// The in-place form of a fix item: owner, due date, status, RCA notes. Creates an item for a
// failure type that has none, or changes the fields that differ on an existing one.
import { useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, Select } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useCreateFixItem, useUpdateFixItem } from "@/lib/client/fix-items";
import { FIX_STATUSES, FIX_STATUS_LABELS, type FailureCategory, type FixItemDto, type FixItemPatch, type FixStatus } from "@/lib/shared/fix-items";

export interface Member {
  email: string;
  name: string | null;
}

export function FixItemEditor({
  slug,
  members,
  failure,
  item,
  onDone,
  layout = "row",
}: {
  slug: string;
  members: Member[];
  failure: { category: FailureCategory; reason: string };
  item: FixItemDto | null;
  onDone: () => void;
  /** "row": one line under a table row; "stack": a narrow side panel. */
  layout?: "row" | "stack";
}) {
  const [owner, setOwner] = useState(item?.owner ?? "");
  const [dueDate, setDueDate] = useState(item?.dueDate ?? "");
  const [status, setStatus] = useState<FixStatus>(item?.status ?? "open");
  const [notes, setNotes] = useState(item?.notes ?? "");
  const create = useCreateFixItem(slug);
  const update = useUpdateFixItem(slug);
  const mutation = item ? update : create;
  const error = mutation.error;
  const fieldError = (f: string) => (error instanceof ApiError ? error.issues?.find((i) => i.path === f)?.message : undefined);

  // mutateAsync, not mutate(…, {onSuccess}): the hook's onSuccess refetches the item, which can
  // remount this form (its key is the item's updatedAt) before a per-call callback would run —
  // and react-query drops per-call callbacks of an unmounted observer. The promise still resolves.
  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      onDone();
    } catch {
      // shown from mutation.error
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!item) {
      void run(() => create.mutateAsync({ ...failure, owner, dueDate, status, ...(notes.trim() ? { notes } : {}) }));
      return;
    }
    const patch: FixItemPatch = {};
    if (owner !== item.owner) patch.owner = owner;
    if (dueDate !== item.dueDate) patch.dueDate = dueDate;
    if (status !== item.status) patch.status = status;
    if (notes !== (item.notes ?? "")) patch.notes = notes.trim() ? notes : null;
    if (Object.keys(patch).length === 0) return onDone();
    void run(() => update.mutateAsync({ id: item.id, patch }));
  }

  const knownOwner = members.some((m) => m.email === owner);
  return (
    <form onSubmit={submit} className={
        layout === "row"
          ? "grid grid-cols-1 gap-3 md:grid-cols-[minmax(0,16rem)_10rem_10rem_minmax(0,1fr)_auto] md:items-start"
          : "grid grid-cols-2 gap-3 [&>*:first-child]:col-span-2 [&>*:nth-child(4)]:col-span-2 [&>*:nth-child(5)]:col-span-2"
      } aria-label={`Fix item for ${failure.reason}`}>
      <Field label="Owner" error={fieldError("owner")}>
        {(p) => (
          <Select id={p.id} aria-describedby={p["aria-describedby"]} invalid={p.invalid} value={owner} onChange={(e) => setOwner(e.target.value)} required>
            <option value="" disabled>
              Choose a person…
            </option>
            {!knownOwner && owner && <option value={owner}>{owner}</option>}
            {members.map((m) => (
              <option key={m.email} value={m.email}>
                {m.name ? `${m.name} (${m.email})` : m.email}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Due date" error={fieldError("dueDate")}>
        {(p) => <Input id={p.id} aria-describedby={p["aria-describedby"]} invalid={p.invalid} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />}
      </Field>
      <Field label="Status" error={fieldError("status")}>
        {(p) => (
          <Select id={p.id} invalid={p.invalid} value={status} onChange={(e) => setStatus(e.target.value as FixStatus)}>
            {FIX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {FIX_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="RCA notes" error={fieldError("notes")}>
        {(p) => (
          <textarea
            id={p.id}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            rows={2}
            placeholder="Root cause, fix plan, links…"
            className="block min-h-8 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
          />
        )}
      </Field>
      <div className={layout === "row" ? "flex gap-2 md:pt-5" : "flex gap-2"}>
        <Button type="submit" variant="primary" loading={mutation.isPending}>
          Save
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {error && !fieldError("owner") && !fieldError("dueDate") && (
        <Notice tone="bad" className={layout === "row" ? "md:col-span-5" : "col-span-2"}>
          {error.message}
        </Notice>
      )}
    </form>
  );
}
