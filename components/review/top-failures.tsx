"use client";
// The week's top 10 failure types with last week's count and their fix item, which owners and
// admins assign or edit in place. Each failure (and its count) opens exactly its runs of that ISO
// week. Overdue items stand out.
import Link from "next/link";
import { Fragment, useState } from "react";
import { Badge, Button, Card, StatusBadge, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { FixItemEditor, type Member } from "@/components/fix-items/fix-item-editor";
import { formatCategory, formatCount } from "@/lib/shared/format";
import { TIGHT_CELLS } from "./kpi-tables";
import { failureTrend, reviewRunsHref, type Review } from "@/lib/shared/review";
import { RunbooksFor } from "@/components/runbooks/runbooks-for";

const TREND_CLASS = { new: "text-rose-700", up: "text-rose-700", down: "text-emerald-700", same: "text-slate-500" } as const;

export function TopFailuresCard({
  review,
  slug,
  members,
  canWrite,
  canTrace,
}: {
  review: Review;
  slug: string;
  members: Member[];
  canWrite: boolean;
  /** May this person open the runs list (sre and up)? Else the numbers are plain text. */
  canTrace: boolean;
}) {
  const [editing, setEditing] = useState<number | null>(null);
  const cols = canWrite ? 10 : 9;
  const previousWeekHasRuns = review.kpis.previous.runs > 0;
  const week = { from: review.from, to: review.to };
  return (
    <Card title="Top failures" description="The week's 10 most frequent failure types and who fixes them" flush className="break-inside-avoid">
      <TableContainer className="print:overflow-visible">
        <Table aria-label="Top failures" className={cn("min-w-[56rem] print:min-w-0", TIGHT_CELLS)}>
          <THead>
            <Tr>
              <Th className="w-8">#</Th>
              <Th className="min-w-56 print:min-w-0">Failure</Th>
              <Th numeric>Count</Th>
              <Th numeric>Last week</Th>
              <Th numeric>Trend</Th>
              <Th>Owner</Th>
              <Th>Due</Th>
              <Th>Status</Th>
              <Th>RCA notes</Th>
              {canWrite && <Th className="print:hidden" aria-label="Actions" />}
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
              const trend = failureTrend(f.count, f.previousCount, previousWeekHasRuns);
              const runs = canTrace ? reviewRunsHref(slug, week, { outcome: "failure", failureCategory: f.category, failureReason: f.reason }) : null;
              return (
                <Fragment key={`${f.category}/${f.reason}`}>
                  <Tr data-testid="failure-row" className={cn(fix?.overdue && "bg-rose-50/60")}>
                    <Td muted>{i + 1}</Td>
                    <Td className="[overflow-wrap:break-word]">
                      {runs ? (
                        <Link href={runs} className="font-medium text-slate-900 hover:text-accent-700 hover:underline" title={`Failed runs of ${review.week}: ${f.reason}`} data-testid="failure-reason">
                          {f.reason}
                        </Link>
                      ) : (
                        <div className="font-medium text-slate-900" data-testid="failure-reason">
                          {f.reason}
                        </div>
                      )}
                      <div className="text-[11px] text-slate-500">{formatCategory(f.category)} <RunbooksFor compact category={f.category} reason={f.reason} className="ml-1 align-middle" /></div>
                    </Td>
                    <Td numeric className="font-medium">
                      {runs ? (
                        <Link href={runs} className="hover:text-accent-700 hover:underline" aria-label={`${formatCount(f.count)} runs: ${f.reason}`} data-testid="failure-count">
                          {formatCount(f.count)}
                        </Link>
                      ) : (
                        <span data-testid="failure-count">{formatCount(f.count)}</span>
                      )}
                    </Td>
                    <Td numeric muted>
                      {previousWeekHasRuns ? formatCount(f.previousCount) : "—"}
                    </Td>
                    <Td numeric className={cn("text-xs font-semibold whitespace-nowrap", trend.trend && TREND_CLASS[trend.trend])} title={previousWeekHasRuns ? undefined : "No runs last week: nothing to compare with"}>
                      {trend.trend === "new" ? <Badge tone="bad">new</Badge> : (trend.change ?? <span className="font-normal text-slate-400">—</span>)}
                    </Td>
                    <Td className="whitespace-nowrap print:whitespace-normal">
                      {fix ? (
                        <span title={fix.owner} className="print:[overflow-wrap:anywhere]">
                          {fix.ownerName ?? fix.owner}
                        </span>
                      ) : (
                        <span className="text-slate-400">Unassigned</span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap print:whitespace-normal">
                      {fix ? (
                        <span className={cn("tabular-nums", fix.overdue && "font-semibold text-rose-700")}>
                          <span className="whitespace-nowrap">{fix.dueDate}</span>
                          {fix.overdue && (
                            <Badge tone="bad" className="ml-1.5 print:ml-0 print:block print:w-fit">
                              Overdue
                            </Badge>
                          )}
                        </span>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap print:whitespace-normal">{fix ? <StatusBadge status={fix.status} /> : <span className="text-slate-400">—</span>}</Td>
                    <Td className="max-w-72 print:max-w-none">
                      <span className="line-clamp-2 text-xs [overflow-wrap:anywhere] text-slate-600 print:line-clamp-none" title={fix?.notes ?? undefined}>
                        {fix?.notes ?? ""}
                      </span>
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
                        <FixItemEditor slug={slug} members={members} failure={{ category: f.category, reason: f.reason }} item={fix} onDone={() => setEditing(null)} />
                      </Td>
                    </Tr>
                  )}
                </Fragment>
              );
            })}
          </TBody>
        </Table>
      </TableContainer>
    </Card>
  );
}
