"use client";
// The traces page body: filters (kept in the URL), the runs table, and cursor pagination.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { Button, Card, ErrorState, SkeletonRows } from "@/components/ui";
import { filtersFromSearchParams, filtersToSearch, useRunsList, type RunFilterParams } from "@/lib/client/traces";
import { RunFilters } from "./run-filters";
import { RunsTable } from "./runs-table";

export function RunsExplorer({ slug }: { slug: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the query string, not the object
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);
  const list = useRunsList(slug, filters);
  const runs = useMemo(() => list.data?.pages.flatMap((p) => p.runs) ?? [], [list.data]);

  const apply = (f: RunFilterParams) => router.push(`${pathname}${filtersToSearch(f)}`);

  return (
    <div className="space-y-4">
      <RunFilters value={filters} onChange={apply} />
      <Card
        flush
        title="Runs"
        description={
          list.isSuccess
            ? `${runs.length}${list.hasNextPage ? "+" : ""} runs · newest first · j/k to move, Enter to open`
            : "Newest first"
        }
      >
        {list.isPending ? (
          <div className="p-4">
            <SkeletonRows rows={8} />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} compact />
        ) : (
          <RunsTable slug={slug} runs={runs} />
        )}
        {list.hasNextPage && (
          <div className="flex justify-center border-t border-slate-100 p-3">
            <Button loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
              Load more
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
