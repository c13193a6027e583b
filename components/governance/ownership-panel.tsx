"use client";
// The ownership map (issue 18): who owns platform standards & release gates (CTO), policy controls &
// audit (Security), acceptance criteria (Product), incident response & reliability budgets (SRE),
// and any custom area. Everyone sees it; owners and admins assign.
import { useState } from "react";
import { Button, Card, ErrorState, Input, PageHeader, Select, SkeletonRows, errorMessage } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useOwnership, useSaveOwnership } from "@/lib/client/governance";
import type { OwnershipArea } from "@/lib/shared/ownership";

interface Member {
  email: string;
  name: string | null;
}

export function OwnershipPanel({ members }: { members: Member[] }) {
  const project = useProject();
  const q = useOwnership(project.slug);
  return (
    <div className="min-w-0">
      <PageHeader title="Ownership" description="Who owns each governance area. The release gates, settings, objectives and alerts pages show their owner." />
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : !q.data ? <SkeletonRows rows={5} /> : <OwnershipEditor areas={q.data} members={members} canWrite={project.can("ownership:write")} />}
    </div>
  );
}

function OwnershipEditor({ areas, members, canWrite }: { areas: OwnershipArea[]; members: Member[]; canWrite: boolean }) {
  const project = useProject();
  const save = useSaveOwnership(project.slug);
  const [rows, setRows] = useState(areas.map((a) => ({ key: a.key, label: a.label, builtin: a.builtin, description: a.description, owner: a.owner ?? "" })));
  const [newLabel, setNewLabel] = useState("");
  const [saved, setSaved] = useState(false);
  const setOwner = (key: string, owner: string) => {
    setSaved(false);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, owner } : r)));
  };
  const addArea = () => {
    const label = newLabel.trim();
    const key = label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64);
    if (!key || rows.some((r) => r.key === key)) return;
    setRows((rs) => [...rs, { key, label, builtin: false, description: null, owner: "" }]);
    setNewLabel("");
  };
  const submit = () =>
    save.mutate(
      { areas: rows.map((r) => (r.builtin ? { key: r.key, owner: r.owner || null } : { key: r.key, label: r.label, owner: r.owner || null })) },
      { onSuccess: () => setSaved(true) },
    );
  return (
    <Card flush>
      <ul className="divide-y divide-slate-100">
        {rows.map((r) => (
          <li key={r.key} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3" data-testid={`ownership-${r.key}`}>
            <div className="min-w-0">
              <div className="text-sm font-medium text-slate-900">{r.label}</div>
              {r.description && <div className="text-xs text-slate-500">{r.description}</div>}
            </div>
            <div className="flex items-center gap-2">
              {canWrite ? (
                <Select aria-label={`Owner of ${r.label}`} className="w-64" value={r.owner} onChange={(e) => setOwner(r.key, e.target.value)}>
                  <option value="">Unassigned</option>
                  {members.map((m) => (
                    <option key={m.email} value={m.email}>
                      {m.name ?? m.email}
                    </option>
                  ))}
                </Select>
              ) : (
                <span className="text-sm text-slate-700">{members.find((m) => m.email === r.owner)?.name ?? (r.owner || "Unassigned")}</span>
              )}
              {canWrite && !r.builtin && (
                <Button size="sm" variant="ghost" aria-label={`Remove ${r.label}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  Remove
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {canWrite && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-4 py-3">
          <div className="flex items-center gap-2">
            <Input aria-label="New area" placeholder="Custom area, e.g. Data privacy" className="w-64" value={newLabel} onChange={(e) => setNewLabel(e.target.value)} maxLength={100} />
            <Button onClick={addArea} disabled={!newLabel.trim()}>
              Add area
            </Button>
          </div>
          <div className="flex items-center gap-2">
            {save.error ? <span role="alert" className="text-sm text-rose-700">{errorMessage(save.error)}</span> : saved ? <span className="text-sm text-emerald-700">Saved</span> : null}
            <Button variant="primary" onClick={submit} loading={save.isPending}>
              Save ownership
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
