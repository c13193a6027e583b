"use client";
// "Open incident" from a run or a failure reason: severity, title, commander (picked from the
// members); the run is linked.
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button, Input, Notice, Select } from "@/components/ui";
import { useCreateIncident } from "@/lib/client/incidents";
import { ApiError } from "@/lib/client/fetcher";
import { SEVERITIES, type Severity } from "@/lib/shared/incidents";
import type { RunListItem } from "@/lib/shared/runs-query";
import { CommanderSelect } from "./commander-select";
import { formatCategory } from "@/lib/shared/format";

export interface OpenIncidentProps {
  slug: string;
  runIds?: string[];
  failure?: Pick<NonNullable<RunListItem["failure"]>, "category" | "reason"> | null;
  defaultTitle: string;
  label?: string;
  defaultSeverity?: Severity;
  /** "sm" for a table row's action. */
  size?: "sm" | "md";
}

export function OpenIncidentButton({ slug, runIds, failure, defaultTitle, label = "Open incident", defaultSeverity = "SEV2", size = "md" }: OpenIncidentProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const create = useCreateIncident(slug);
  const [title, setTitle] = useState(defaultTitle);
  const [severity, setSeverity] = useState<Severity>(defaultSeverity);
  const [ownerEmail, setOwnerEmail] = useState("");
  const [opened, setOpened] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const incident = await create.mutateAsync({
      title,
      severity,
      ...(ownerEmail ? { ownerEmail } : {}),
      ...(runIds?.length ? { runIds } : {}),
      ...(failure ? { failureCategory: failure.category, failureReason: failure.reason } : {}),
    });
    dialog.current?.close();
    router.push(`/${slug}/incidents/${incident.number}`);
  };
  const issue = (path: string) =>
    create.error instanceof ApiError ? create.error.issues?.find((i) => i.path === path)?.message : undefined;

  return (
    <>
      <Button
        variant="danger"
        size={size}
        onClick={() => {
          setOpened(true);
          dialog.current?.showModal();
        }}
      >
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-label="Open incident"
        className="m-auto w-[min(28rem,calc(100vw-1rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30"
      >
        <form onSubmit={submit} className="space-y-3 p-5">
          <h2 className="text-base font-semibold text-slate-900">Open incident</h2>
          <label className="block space-y-1 text-xs font-medium text-slate-700">
            Title
            <Input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} invalid={!!issue("title")} />
          </label>
          <label className="block space-y-1 text-xs font-medium text-slate-700">
            Severity
            <Select className="w-full" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                  {s === "SEV1" ? " — customer-facing outage" : s === "SEV2" ? " — major degradation" : " — minor"}
                </option>
              ))}
            </Select>
          </label>
          {opened && (
            <CommanderSelect
              slug={slug}
              label="Commander (optional)"
              value={ownerEmail ? { email: ownerEmail, name: null } : null}
              onChange={(email) => setOwnerEmail(email ?? "")}
              invalid={!!issue("ownerEmail")}
            />
          )}
          {issue("ownerEmail") && <span className="text-xs text-rose-700">{issue("ownerEmail")}</span>}
          {(runIds?.length || failure) && (
            <p className="text-xs text-slate-500">
              {runIds?.length ? `Links run ${runIds.join(", ")}. ` : ""}
              {failure ? `Failure: ${formatCategory(failure.category)} · ${failure.reason}` : ""}
            </p>
          )}
          {create.isError && !issue("ownerEmail") && <Notice tone="bad">{create.error.message}</Notice>}
          <div className="flex justify-end gap-2 pt-1">
            <Button onClick={() => dialog.current?.close()}>Cancel</Button>
            <Button type="submit" variant="danger" loading={create.isPending}>
              Open {severity} incident
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
