"use client";
// "Re-evaluate stored runs": applies the current budgets to the runs that started in a window of
// days (at most 90), since a budget change applies only to runs stored after it. The answer links
// to the runs over budget in that window.
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, errorMessage } from "@/components/ui";
import { ApiError, buildUrl } from "@/lib/client/fetcher";
import { useReevaluateBudgets } from "@/lib/client/budgets";
import { formatCount } from "@/lib/shared/format";
import { MAX_REEVALUATE_DAYS } from "@/lib/shared/budgets";

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function ReevaluateForm({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const reevaluate = useReevaluateBudgets(slug);
  const [first, setFirst] = useState(() => day(Date.now() - 29 * DAY));
  const [last, setLast] = useState(() => day(Date.now()));
  const [done, setDone] = useState<{ from: string; to: string; runs: number; breachingRuns: number } | null>(null);
  // The window is whole UTC days, the last one included: [first 00:00Z, last + 1 day 00:00Z).
  const windowOf = () => ({ from: `${first}T00:00:00Z`, to: new Date(Date.parse(`${last}T00:00:00Z`) + DAY).toISOString() });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const w = windowOf();
    reevaluate.mutate(w, { onSuccess: (r) => setDone({ ...w, ...r }) });
  };
  const issue = (k: "from" | "to") => (reevaluate.error instanceof ApiError ? reevaluate.error.issues?.find((i) => i.path === k)?.message : undefined);
  const bad = (v: string) => (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? "pick a day" : undefined);

  return (
    <form onSubmit={submit} aria-label="Re-evaluate stored runs" className="space-y-2 border-t border-slate-100 px-4 py-3">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="From (UTC day)" error={bad(first) ?? issue("from")}>
          {(p) => <Input {...p} type="date" value={first} disabled={!canEdit} onChange={(e) => setFirst(e.target.value)} />}
        </Field>
        <Field label="To (UTC day, included)" error={bad(last) ?? issue("to")}>
          {(p) => <Input {...p} type="date" value={last} disabled={!canEdit} onChange={(e) => setLast(e.target.value)} />}
        </Field>
        <Button type="submit" loading={reevaluate.isPending} disabled={!canEdit || !!bad(first) || !!bad(last)}>
          Re-evaluate stored runs
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        A budget change applies to runs stored after it. This recomputes the breaches of the window&apos;s runs against the budgets as they are now (at most{" "}
        {MAX_REEVALUATE_DAYS} days at a time).
      </p>
      {reevaluate.isError && !issue("from") && !issue("to") && <Notice tone="bad">{errorMessage(reevaluate.error)}</Notice>}
      {done && (
        <Notice tone="good">
          <span data-testid="reevaluate-result">
            Re-evaluated {formatCount(done.runs)} run{done.runs === 1 ? "" : "s"}:{" "}
            <Link className="font-medium underline" href={buildUrl(`/${slug}/traces`, { budgetBreached: "true", from: done.from, to: done.to })}>
              {formatCount(done.breachingRuns)} over budget
            </Link>
            .
          </span>
        </Notice>
      )}
    </form>
  );
}
