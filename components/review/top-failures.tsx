"use client";
// The week's top 10 failure types with last week's count and their fix item, which owners and
// admins edit in place. Overdue items stand out.
import { Fragment, useState } from "react";
import { Badge, Button, Card, StatusBadge, Table, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { FixItemEditor, type Member } from "@/components/fix-items/fix-item-editor";
import { countTrend, formatCountChange } from "@/lib/shared/review-format";
import type { Review } from "@/lib/shared/review";

const TREND_CLASS = { new: "text-rose-700", up: "text-rose-700", down: "text-emerald-700", same: "text-slate-500" } as const;

export function TopFailuresCard({ review, slug, members, canWrite }: { review: Review; slug: string; members: Member[]; canWrite: boolean }) {
  const [editing, setEditing] = useState<number | null>(null);
  const cols = canWrite ? 10 : 9;
  return (
    <Card title="Top failures" description="The week's 10 most frequent failure types and who fixes them" flush className="break-inside-avoid">
      <Table>
        <THead>
          <Tr>
            <Th className="w-8">#</Th>
            <Th className="min-w-56">Failure</Th>
            <Th numeric>Count</Th>
            <Th numeric>Last week</Th>
            <Th numeric>Trend</Th>
            <Th>Owner</Th>
            <Th>Due</Th>
            <Th>Status</Th>
            <Th>RCA notes</Th>
            {canWrite && <Th className="print:hidden" />}
          </Tr>
        </THead>
        <TBody>
          {review.topFailures.length === 0 && (
            <Tr>
              <Td colSpan={cols} muted>
                No failed runs this week.
              </Td>
            </Tr>
          )}
          {review.topFailures.map((f, i) => {
            const fix = f.fixItem;
            const trend = countTrend(f.count, f.previousCount);
            return (
              <Fragment key={`${f.category}/${f.reason}`}>
                <Tr data-testid="failure-row" className={cn(fix?.overdue && "bg-rose-50/60")}>
                  <Td muted>{i + 1}</Td>
                  <Td>
                    <div className="font-medium text-slate-900">{f.reason}</div>
                    <div className="font-mono text-[11px] text-slate-500">{f.category}</div>
                  </Td>
                  <Td numeric className="font-medium">
                    {f.count}
                  </Td>
                  <Td numeric muted>
                    {f.previousCount}
                  </Td>
                  <Td numeric className={cn("text-xs font-semibold", TREND_CLASS[trend])}>
                    {trend === "new" ? <Badge tone="bad">new</Badge> : formatCountChange(f.count, f.previousCount)}
                  </Td>
                  <Td>{fix ? <span title={fix.owner}>{fix.ownerName ?? fix.owner}</span> : <span className="text-slate-400">Unassigned</span>}</Td>
                  <Td className="whitespace-nowrap">
                    {fix ? (
                      <span className={cn("tabular-nums", fix.overdue && "font-semibold text-rose-700")}>
                        {fix.dueDate}
                        {fix.overdue && (
                          <Badge tone="bad" className="ml-1.5">
                            Overdue
                          </Badge>
                        )}
                      </span>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </Td>
                  <Td>{fix ? <StatusBadge status={fix.status} /> : <span className="text-slate-400">—</span>}</Td>
                  <Td className="max-w-72">
                    <span className="line-clamp-2 text-xs text-slate-600 print:line-clamp-none">{fix?.notes ?? ""}</span>
                  </Td>
                  {canWrite && (
                    <Td className="text-right print:hidden">
                      {editing !== i && (
                        <Button size="sm" variant={fix ? "ghost" : "secondary"} onClick={() => setEditing(i)} aria-label={`${fix ? "Edit" : "Assign"} ${f.reason}`}>
                          {fix ? "Edit" : "Assign"}
                        </Button>
                      )}
                    </Td>
                  )}
                </Tr>
                {canWrite && editing === i && (
                  <Tr className="print:hidden">
                    <Td colSpan={cols} className="bg-slate-50">
                      <FixItemEditor slug={slug} members={members} failure={f} item={fix} onDone={() => setEditing(null)} />
                    </Td>
                  </Tr>
                )}
              </Fragment>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}
