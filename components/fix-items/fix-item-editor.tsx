"use client";
// The form of a fix item: owner, due date, status, RCA notes (and, for a new item not started from
// a failure row, its category and reason). Creates an item for a failure type that has none, or
// changes the fields that differ on an existing one. The create body is built from exactly the
// contract's fields (fixItemCreateBody): a review row's count, share… never reach the API.
import { useId, useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, Select } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useCreateFixItem, useUpdateFixItem } from "@/lib/client/fix-items";
import { formatCategory, formatCount } from "@/lib/shared/format";
import {
  FAILURE_CATEGORIES,
  FIX_STATUSES,
  FIX_STATUS_LABELS,
  fixItemCreateBody,
  type Assignee,
  type FailureCategory,
  type FixItemDto,
  type FixItemPatch,
  type FixStatus,
} from "@/lib/shared/fix-items";

export type Member = Assignee;

/** A failure type the person can pick instead of typing it (this window's failure reasons). */
export interface FailureSuggestion {
  category: FailureCategory;
  reason: string;
  count?: number;
}

export function FixItemEditor({
  slug,
  members,
  failure,
  item,
  onDone,
  onSaved,
  suggestions,
  layout = "row",
}: {
  slug: string;
  members: Member[];
  /** The failure type of the item; null = the person picks or types it (a new item from the fix items page). */
  failure: { category: FailureCategory; reason: string } | null;
  item: FixItemDto | null;
  onDone: () => void;
  /** After a successful save, with the item as the API answered it. */
  onSaved?: (item: FixItemDto) => void;
  /** With `failure` null: failure types offered in a picker. */
  suggestions?: FailureSuggestion[];
  /** "row": one line under a table row; "stack": a dialog or a narrow side panel. */
  layout?: "row" | "stack";
}) {
  const [category, setCategory] = useState<FailureCategory | "">(failure?.category ?? "");
  const [reason, setReason] = useState(failure?.reason ?? "");
  const [owner, setOwner] = useState(item?.owner ?? "");
  const [dueDate, setDueDate] = useState(item?.dueDate ?? "");
  const [status, setStatus] = useState<FixStatus>(item?.status ?? "open");
  const [notes, setNotes] = useState(item?.notes ?? "");
  const listId = useId();
  const create = useCreateFixItem(slug);
  const update = useUpdateFixItem(slug);
  const mutation = item ? update : create;
  const error = mutation.error;
  const fieldError = (f: string) => (error instanceof ApiError ? error.issues?.find((i) => i.path === f)?.message : undefined);
  const chooseFailure = failure === null && item === null;

  // mutateAsync, not mutate(…, {onSuccess}): the hook's onSuccess refetches the item, which can
  // remount this form (its key is the item's updatedAt) before a per-call callback would run —
  // and react-query drops per-call callbacks of an unmounted observer. The promise still resolves.
  async function run(action: () => Promise<FixItemDto>) {
    try {
      const saved = await action();
      onSaved?.(saved);
      onDone();
    } catch {
      // shown from mutation.error
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!item) {
      const target = failure ?? (category ? { category, reason } : null);
      if (!target) return;
      void run(() => create.mutateAsync(fixItemCreateBody(target, { owner, dueDate, status, notes })));
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

  function pickSuggestion(value: string) {
    const s = suggestions?.[Number(value)];
    if (!s) return;
    setCategory(s.category);
    setReason(s.reason);
  }

  const knownOwner = members.some((m) => m.email === owner);
  const row = layout === "row";
  const wide = row ? "" : "sm:col-span-2";
  const pickedIndex = suggestions?.findIndex((s) => s.category === category && s.reason === reason) ?? -1;
  return (
    <form
      onSubmit={submit}
      className={
        row
          ? "grid grid-cols-1 gap-3 md:grid-cols-[minmax(0,16rem)_10rem_10rem_minmax(0,1fr)_auto] md:items-start"
          : "grid grid-cols-1 gap-3 sm:grid-cols-2"
      }
      aria-label={failure ? `Fix item for ${failure.reason}` : item ? `Fix item for ${item.reason}` : "New fix item"}
    >
      {chooseFailure && (
        <>
          {suggestions && suggestions.length > 0 && (
            <Field label="From recent failures" className="sm:col-span-2" hint="Fills category and reason; or type them below.">
              {(p) => (
                <Select id={p.id} aria-describedby={p["aria-describedby"]} value={pickedIndex >= 0 ? String(pickedIndex) : ""} onChange={(e) => pickSuggestion(e.target.value)} className="w-full">
                  <option value="">Choose a failure reason…</option>
                  {suggestions.map((s, i) => (
                    <option key={`${s.category}/${s.reason}`} value={i}>
                      {s.reason} · {formatCategory(s.category)}
                      {s.count !== undefined ? ` (${formatCount(s.count)})` : ""}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          )}
          <Field label="Category" error={fieldError("category")}>
            {(p) => (
              <Select id={p.id} aria-describedby={p["aria-describedby"]} invalid={p.invalid} value={category} onChange={(e) => setCategory(e.target.value as FailureCategory)} required className="w-full">
                <option value="" disabled>
                  Choose a category…
                </option>
                {FAILURE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {formatCategory(c)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Reason" error={fieldError("reason")}>
            {(p) => (
              <>
                <Input id={p.id} aria-describedby={p["aria-describedby"]} invalid={p.invalid} value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={200} list={listId} placeholder="e.g. ticketing API timeout" />
                <datalist id={listId}>
                  {[...new Set((suggestions ?? []).filter((s) => !category || s.category === category).map((s) => s.reason))].map((r) => (
                    <option key={r} value={r} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
        </>
      )}
      <Field label="Owner" error={fieldError("owner")} className={wide}>
        {(p) => (
          <Select id={p.id} aria-describedby={p["aria-describedby"]} invalid={p.invalid} value={owner} onChange={(e) => setOwner(e.target.value)} required className="w-full">
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
          <Select id={p.id} invalid={p.invalid} value={status} onChange={(e) => setStatus(e.target.value as FixStatus)} className="w-full">
            {FIX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {FIX_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="RCA notes" error={fieldError("notes")} className={wide}>
        {(p) => (
          <textarea
            id={p.id}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            rows={row ? 2 : 3}
            placeholder="Root cause, fix plan, links…"
            className="block min-h-8 w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
          />
        )}
      </Field>
      <div className={row ? "flex gap-2 md:pt-5" : "col-span-full flex justify-end gap-2"}>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={mutation.isPending}>
          Save
        </Button>
      </div>
      {error && !["owner", "dueDate", "category", "reason", "status", "notes"].some((f) => fieldError(f)) && (
        <Notice tone="bad" className="col-span-full">
          {error.message}
        </Notice>
      )}
    </form>
  );
}
