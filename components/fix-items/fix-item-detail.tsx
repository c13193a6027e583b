"use client";
// One fix item: its fields (editable by owners and admins) and its history, old → new.
import { useState } from "react";
import { Button, Card, ErrorState, SkeletonRows, StatusBadge, Badge, Time } from "@/components/ui";
import { useFixItem } from "@/lib/client/fix-items";
import { FIX_STATUS_LABELS, type FixStatus } from "@/lib/shared/fix-items";
import { FixItemEditor, type Member } from "./fix-item-editor";

const FIELD_LABELS: Record<string, string> = { category: "Category", reason: "Reason", owner: "Owner", dueDate: "Due date", status: "Status", notes: "RCA notes" };

function show(field: string, value: string | null): string {
  if (value === null || value === "") return "∅";
  if (field === "status") return FIX_STATUS_LABELS[value as FixStatus] ?? value;
  return value;
}

export function FixItemDetail({ slug, id, members, canWrite, onClose }: { slug: string; id: string; members: Member[]; canWrite: boolean; onClose: () => void }) {
  const q = useFixItem(slug, id);
  const [editing, setEditing] = useState(false);
  const item = q.data;
  return (
    <Card
      title={item ? item.reason : "Fix item"}
      description={item ? item.category : undefined}
      actions={
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close">
          ✕
        </Button>
      }
      aria-label="Fix item detail"
    >
      {q.isError ? (
        <ErrorState compact error={q.error} />
      ) : !item ? (
        <SkeletonRows rows={4} />
      ) : (
        <div className="space-y-4">
          {editing ? (
            <FixItemEditor key={item.updatedAt} slug={slug} members={members} failure={{ category: item.category, reason: item.reason }} item={item} layout="stack" onDone={() => setEditing(false)} />
          ) : (
            <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
              <dt className="text-slate-500">Owner</dt>
              <dd>{item.ownerName ? `${item.ownerName} (${item.owner})` : item.owner}</dd>
              <dt className="text-slate-500">Due date</dt>
              <dd className={item.overdue ? "font-semibold text-rose-700" : undefined}>
                {item.dueDate} {item.overdue && <Badge tone="bad">Overdue</Badge>}
              </dd>
              <dt className="text-slate-500">Status</dt>
              <dd>
                <StatusBadge status={item.status} />
              </dd>
              <dt className="text-slate-500">RCA notes</dt>
              <dd className="whitespace-pre-wrap text-slate-700">{item.notes || <span className="text-slate-400">None yet</span>}</dd>
            </dl>
          )}
          {canWrite && !editing && (
            <Button size="sm" variant="primary" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          <div>
            <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">History</h3>
            <ol className="space-y-1.5 border-l border-slate-200 pl-3" aria-label="History">
              {[...item.history].reverse().map((h, i) => (
                <li key={i} className="text-xs text-slate-600">
                  <Time value={h.at} className="text-slate-400 tabular-nums" /> · <span className="font-medium text-slate-800">{h.actor ?? "someone"}</span>{" "}
                  {h.oldValue === null ? "set" : "changed"} <span className="font-medium">{FIELD_LABELS[h.field] ?? h.field}</span>
                  {h.oldValue !== null && (
                    <>
                      {" "}
                      <span className="text-slate-500 line-through">{show(h.field, h.oldValue)}</span>
                    </>
                  )}{" "}
                  → <span className="text-slate-900">{show(h.field, h.newValue)}</span>
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
    </Card>
  );
}
