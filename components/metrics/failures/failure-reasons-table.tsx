"use client";
// The top failure reasons (CONTRACT §3 order) with category, count and share; each reason and
// its count open the failed runs of that (category, reason) in the window. On the failures page
// (not `compact`) each row also shows who fixes it (the active fix item) and its actions: create a
// fix item (owners, admins), open an incident (SREs and up) — small secondary buttons, so the
// reason keeps the width and wraps rather than being cut.
import Link from "next/link";
import { RunbooksFor } from "@/components/runbooks/runbooks-for";
import { Badge, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { CATEGORY_COLORS } from "@/components/charts/palette";
import { OpenIncidentButton } from "@/components/incidents/open-incident";
import { CreateFixItemButton } from "@/components/fix-items/create-fix-item-button";
import { useProject } from "@/components/shell/project-context";
import { useFixItems } from "@/lib/client/fix-items";
import { useFailureReasons } from "@/lib/client/metrics";
import type { FixItemDto } from "@/lib/shared/fix-items";
import { formatCategory, formatCount, formatRate } from "@/lib/shared/format";
import { NoRuns, QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";

const key = (category: string, reason: string) => `${category}\u0000${reason}`;

/** The active (open / in progress) fix item per failure type, newest first (as the weekly review links them). */
function useActiveFixItems(slug: string, enabled: boolean): Map<string, FixItemDto> | null {
  const q = useFixItems(slug, {}, enabled);
  if (!enabled) return new Map();
  if (!q.data) return null;
  const out = new Map<string, FixItemDto>();
  const active = q.data.fixItems.filter((i) => i.status === "open" || i.status === "in_progress").sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  for (const i of active) if (!out.has(key(i.category, i.reason))) out.set(key(i.category, i.reason), i);
  return out;
}

export function FailureReasonsTable({ limit = 10, compact }: { limit?: number; compact?: boolean }) {
  const { slug, filters, traces } = useMetricsScope();
  const query = useFailureReasons(slug, filters, limit);
  const project = useProject();
  const canOpenIncident = !compact && project.can("incidents:write");
  const canWriteFix = !compact && project.can("fix-items:write");
  const showFix = !compact;
  const fixItems = useActiveFixItems(slug, showFix);
  const hasActions = canOpenIncident || canWriteFix;
  return (
    <QueryBody query={query} isEmpty={(d) => d.length === 0} empty={<NoRuns what="failures" />} loading={<SkeletonRows rows={compact ? 5 : 10} />}>
      {(rows) => (
        <TableContainer>
          <Table aria-label="Top failure reasons" className={cn("table-fixed", !compact && "min-w-[56rem]")}>
            <THead>
              <tr>
                <Th className="w-10">#</Th>
                <Th>Reason</Th>
                <Th numeric className="w-20">
                  Failures
                </Th>
                <Th numeric className={compact ? "w-32" : "w-36"}>
                  Share
                </Th>
                {showFix && <Th className="w-44">Fix item</Th>}
                {hasActions && (
                  <Th className={canOpenIncident && canWriteFix ? "w-56" : "w-32"}>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </THead>
            <TBody>
              {rows.map((r, i) => {
                const runs = traces({ outcome: "failure", failureCategory: r.category, failureReason: r.reason });
                const fix = fixItems?.get(key(r.category, r.reason)) ?? null;
                return (
                  <Tr key={`${r.category}/${r.reason}`} data-testid="failure-reason-row">
                    <Td muted className="align-top tabular-nums">
                      {i + 1}
                    </Td>
                    <Td className="align-top">
                      <RunsLink className="font-medium [overflow-wrap:anywhere] text-slate-900 hover:text-accent-700 hover:underline" href={runs} title={`Failed runs: ${r.reason}`}>
                        {r.reason}
                      </RunsLink>
                      <div className="mt-0.5">
                        <Badge tone="muted">
                          <span className="size-1.5 rounded-full" style={{ background: CATEGORY_COLORS[r.category] }} aria-hidden="true" />
                          {formatCategory(r.category)}
                        </Badge>
                        <RunbooksFor compact category={r.category} reason={r.reason} className="ml-1 align-middle" />
                      </div>
                    </Td>
                    <Td numeric className="align-top font-medium">
                      <RunsLink href={runs} className="hover:text-accent-700 hover:underline" title={`${formatCount(r.count)} failed runs: ${r.reason}`}>
                        {formatCount(r.count)}
                      </RunsLink>
                    </Td>
                    <Td numeric className="align-top">
                      <div className="flex items-center justify-end gap-2 pt-1">
                        <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                          <div className="h-full rounded-full" style={{ width: `${(r.share ?? 0) * 100}%`, background: CATEGORY_COLORS[r.category] }} />
                        </div>
                        <span className="w-12 text-right tabular-nums">{formatRate(r.share)}</span>
                      </div>
                    </Td>
                    {showFix && (
                      <Td className="align-top text-xs" data-testid="fix-item-cell">
                        {fixItems === null ? (
                          <span className="text-slate-400">…</span>
                        ) : fix ? (
                          <Link href={`/${slug}/fix-items`} className="block hover:underline" title={`Fix item: ${fix.owner}, due ${fix.dueDate}`}>
                            <span className="block truncate font-medium text-slate-800">{fix.ownerName ?? fix.owner}</span>
                            <span className={cn("tabular-nums", fix.overdue ? "font-semibold text-rose-700" : "text-slate-500")}>
                              due {fix.dueDate}
                            </span>
                            {fix.overdue && (
                              <Badge tone="bad" className="ml-1.5">
                                Overdue
                              </Badge>
                            )}
                          </Link>
                        ) : (
                          <span className="text-slate-400">Unassigned</span>
                        )}
                      </Td>
                    )}
                    {hasActions && (
                      <Td className="align-top">
                        <div className="flex justify-end gap-1.5 [&>button]:h-6 [&>button]:px-2 [&>span>button]:h-6 [&>span>button]:px-2">
                          {canWriteFix && !fix && fixItems !== null && <CreateFixItemButton slug={slug} category={r.category} reason={r.reason} label="Assign" />}
                          {/* The incident button is a red (danger) button of its own: quieted to an outline here so ten rows
                              do not shout; it keeps its name and dialog. */}
                          {canOpenIncident && (
                            <span className="contents [&>button]:border [&>button]:border-rose-200 [&>button]:bg-white [&>button]:text-rose-700 [&>button]:shadow-xs [&>button:hover]:bg-rose-50">
                              <OpenIncidentButton slug={slug} size="sm" failure={{ category: r.category, reason: r.reason }} defaultTitle={r.reason} />
                            </span>
                          )}
                        </div>
                      </Td>
                    )}
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </TableContainer>
      )}
    </QueryBody>
  );
}
