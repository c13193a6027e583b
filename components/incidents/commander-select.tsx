"use client";
// The incident commander, picked from the project's members (the API's `ownerEmail`).
import { useId } from "react";
import { Select, Spinner } from "@/components/ui";
import { useCommanders } from "@/lib/client/incidents";
import type { IncidentCommander } from "@/lib/shared/incidents";

type Current = { email: string; name: string | null } | null;

export const commanderOptionLabel = (m: Pick<IncidentCommander, "email" | "name" | "role">) =>
  `${m.name ? `${m.name} · ${m.email}` : m.email} (${m.role})`;

export function CommanderSelect({
  slug,
  value,
  onChange,
  pending,
  label = "Commander",
  invalid,
}: {
  slug: string;
  value: Current;
  onChange: (email: string | null) => void;
  pending?: boolean;
  label?: string;
  invalid?: boolean;
}) {
  const id = useId();
  const members = useCommanders(slug);
  const list = members.data ?? [];
  // The current commander stays selectable even if they left the project since.
  const missing = value && !list.some((m) => m.email === value.email);
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      <label htmlFor={id} className="flex items-center gap-2">
        {label}
        {(pending || members.isPending) && <Spinner />}
      </label>
      <Select
        id={id}
        value={value?.email ?? ""}
        invalid={invalid}
        disabled={members.isPending || members.isError}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">Unassigned</option>
        {missing && <option value={value.email}>{value.name ? `${value.name} · ${value.email}` : value.email}</option>}
        {list.map((m) => (
          <option key={m.id} value={m.email}>
            {commanderOptionLabel(m)}
          </option>
        ))}
      </Select>
      {members.isError && <span className="text-rose-700">Could not load the members: {members.error.message}</span>}
    </div>
  );
}
