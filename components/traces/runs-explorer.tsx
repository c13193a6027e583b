"use client";
// The traces page body: filters and the order (both kept in the URL), the exact total of the
// filters, the runs table, and cursor pagination.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { Button, Card, ErrorState, SkeletonRows } from "@/components/ui";
import {
  filtersFromSearchParams,
  filtersToSearch,
  nextSort,
  sortFromSearchParams,
  useRunsList,
  type RunFilterParams,
  type RunSortParams,
} from "@/lib/client/traces";
import { formatCount } from "@/lib/shared/format";
import type { RunSort, SortOrder } from "@/lib/shared/runs-query";
import { RunFilters } from "./run-filters";
import { RunsTable } from "./runs-table";

function describeOrder(sort: RunSort, order: SortOrder, tool: string | undefined): string {
  const desc = order === "desc";
  switch (sort) {
    case "startedAt":
      return desc ? "newest first" : "oldest first";
    case "duration":
      return desc ? "slowest first" : "fastest first";
    case "cost":
      return desc ? "most expensive first" : "cheapest first";
    case "toolLatency":
      return `by the slowest ${tool ?? "tool"} call, ${desc ? "slowest" : "fastest"} first`;
  }
}

export function RunsExplorer({ slug }: { slug: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  // Keyed on the query string, not the URLSearchParams object (a new one on every render).
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);
  const sortParams = useMemo(() => sortFromSearchParams(new URLSearchParams(search)), [search]);
  const list = useRunsList(slug, filters, sortParams);
  const runs = useMemo(() => list.data?.pages.flatMap((p) => p.runs) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;

  const go = (f: RunFilterParams, s: RunSortParams) => router.push(`${pathname}${filtersToSearch(f, s)}`, { scroll: false });
  // Without a tool there is no tool latency to sort by: that order goes with the filter.
  const apply = (f: RunFilterParams) => go(f, !f.tool && sortParams.sort === "toolLatency" ? {} : sortParams);
  const sort = (sortParams.sort ?? "startedAt") as RunSort;
  const order = (sortParams.order ?? "desc") as SortOrder;

  return (
    <div className="min-w-0 space-y-4">
      <RunFilters value={filters} onChange={apply} />
      <Card
        flush
        title="Runs"
        description={
          list.isSuccess && total !== undefined ? (
            <>
              <span data-testid="runs-total" className="font-medium text-slate-700">
                {formatCount(total)} {total === 1 ? "run" : "runs"}
              </span>{" "}
              · {describeOrder(sort, order, filters.tool)} · j/k to move, Enter to open
            </>
          ) : (
            "Loading…"
          )
        }
      >
        {list.isPending ? (
          <div className="p-4">
            <SkeletonRows rows={8} />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} compact />
        ) : (
          <RunsTable
            slug={slug}
            runs={runs}
            tool={filters.tool}
            sorting={{ sort, order, onSort: (column) => go(filters, nextSort(sortParams, column)) }}
          />
        )}
        {list.hasNextPage && (
          <div className="flex items-center justify-center gap-3 border-t border-slate-100 p-3 text-xs text-slate-500">
            <span>
              {formatCount(runs.length)} of {total === undefined ? "…" : formatCount(total)} shown
            </span>
            <Button loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              Load more
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
