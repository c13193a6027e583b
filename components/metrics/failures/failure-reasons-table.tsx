"use client";
// The top failure reasons (CONTRACT §3 order) with category, count and share; each row opens
// the failed runs of that (category, reason).
import { Badge, SkeletonRows, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { CATEGORY_COLORS } from "@/components/charts/palette";
import { OpenIncidentButton } from "@/components/incidents/open-incident";
import { useProject } from "@/components/shell/project-context";
import { useFailureReasons } from "@/lib/client/metrics";
import { fmtCategory, fmtCount, fmtRate } from "../format";
import { NoRuns, QueryBody } from "../query-state";
import { RunsLink } from "../runs-link";
import { useMetricsScope } from "../scope";

export function FailureReasonsTable({ limit = 10, compact }: { limit?: number; compact?: boolean }) {
  const { slug, filters, traces } = useMetricsScope();
  const query = useFailureReasons(slug, filters, limit);
  // SREs and up open an incident straight from a failure reason (no run needed).
  const project = useProject();
  const canOpenIncident = !compact && project.can("incidents:write");
  return (
    <QueryBody query={query} isEmpty={(d) => d.length === 0} empty={<NoRuns what="failures" />} loading={<SkeletonRows rows={compact ? 5 : 10} />}>
      {(rows) => (
        <Table aria-label="Top failure reasons" className="table-fixed">
          <THead>
            <tr>
              <Th className="w-11">#</Th>
              <Th>Reason</Th>
              <Th className="w-36">Category</Th>
              <Th numeric className="w-20">
                Failures
              </Th>
              <Th numeric className={compact ? "w-32" : "w-40"}>
                Share
              </Th>
              {canOpenIncident && <Th className="w-36" aria-label="Actions" />}
            </tr>
          </THead>
          <TBody>
            {rows.map((r, i) => (
              <Tr key={`${r.category}/${r.reason}`}>
                <Td muted className="tabular-nums">
                  {i + 1}
                </Td>
                <Td className="truncate">
                  <RunsLink
                    className="font-medium text-slate-900 hover:text-accent-700 hover:underline"
                    href={traces({ outcome: "failure", failureCategory: r.category, failureReason: r.reason })}
                    title={`Failed runs: ${r.reason}`}
                  >
                    {r.reason}
                  </RunsLink>
                </Td>
                <Td>
                  <Badge tone="muted">
                    <span className="size-1.5 rounded-full" style={{ background: CATEGORY_COLORS[r.category] }} aria-hidden="true" />
                    {fmtCategory(r.category)}
                  </Badge>
                </Td>
                <Td numeric className="font-medium">
                  {fmtCount(r.count)}
                </Td>
                <Td numeric>
                  <div className="flex items-center justify-end gap-2">
                    <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
                      <div className="h-full rounded-full" style={{ width: `${(r.share ?? 0) * 100}%`, background: CATEGORY_COLORS[r.category] }} />
                    </div>
                    <span className="w-12 text-right tabular-nums">{fmtRate(r.share)}</span>
                  </div>
                </Td>
                {canOpenIncident && (
                  <Td className="text-right">
                    <OpenIncidentButton
                      slug={slug}
                      size="sm"
                      failure={{ category: r.category, reason: r.reason }}
                      defaultTitle={r.reason}
                    />
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </QueryBody>
  );
}
