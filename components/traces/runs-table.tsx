"use client";
// A keyboard-friendly runs table: j/k move the selection, Enter opens the selected run. With
// `onSort`, the Started, Duration, Cost (and the filtered tool's latency) headers sort the list on
// the server (the order lives in the URL); without it (a session's runs) the headers are plain.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge, EnvironmentBadge, OutcomeBadge, Table, TableContainer, TableEmpty, TBody, Td, Th, THead, Time, Tr } from "@/components/ui";
import type { RunListItem, RunSort, SortOrder } from "@/lib/shared/runs-query";
import { formatCategory, formatCount, formatDurationMs, formatUsd } from "@/lib/shared/format";

export function runHref(slug: string, id: string) {
  return `/${slug}/traces/${encodeURIComponent(id)}`;
}

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.isContentEditable);
}

export interface RunsTableSort {
  sort: RunSort;
  order: SortOrder;
  onSort: (column: RunSort) => void;
}

export function RunsTable({
  slug,
  runs,
  empty,
  sorting,
  tool,
}: {
  slug: string;
  runs: RunListItem[];
  empty?: string;
  /** Server-side sorting by header clicks; omit for a fixed order. */
  sorting?: RunsTableSort;
  /** The tool filter: adds that tool's latency column (its slowest call in the run). */
  tool?: string;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState(-1);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        setSelected((s) => {
          const next = e.key === "j" ? Math.min(runs.length - 1, s + 1) : Math.max(0, s - 1);
          document.querySelector(`[data-row-index="${next}"]`)?.scrollIntoView({ block: "nearest" });
          return next;
        });
      } else if (e.key === "Enter" && selected >= 0 && runs[selected]) {
        e.preventDefault();
        router.push(runHref(slug, runs[selected].id));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runs, selected, router, slug]);

  const sortProps = (column: RunSort) =>
    sorting ? { sort: sorting.sort === column ? sorting.order : (false as const), onSort: () => sorting.onSort(column) } : {};
  const columns = tool ? 10 : 9;

  return (
    // A wide table scrolls inside its own box; the page never scrolls sideways.
    <TableContainer>
      <Table aria-label="Runs">
        <THead>
          <Tr>
            <Th {...sortProps("startedAt")}>Started</Th>
            <Th>Run</Th>
            <Th>Workflow</Th>
            <Th>Outcome</Th>
            <Th>Failure / escalation</Th>
            {/* Narrower screens leave the release to the run page (and the release filter). */}
            <Th className="hidden 2xl:table-cell">Release</Th>
            <Th numeric>Calls</Th>
            {tool && (
              <Th numeric title={`The slowest ${tool} call in the run`} {...sortProps("toolLatency")}>
                {/* One element: the sort button's row-reverse must not reorder its words. */}
                <span className="block text-right leading-tight">
                  <span className="normal-case">{tool}</span>
                  <br />
                  latency
                </span>
              </Th>
            )}
            <Th numeric {...sortProps("duration")}>
              Duration
            </Th>
            <Th numeric {...sortProps("cost")}>
              Cost
            </Th>
          </Tr>
        </THead>
        <TBody>
          {runs.length === 0 && <TableEmpty colSpan={columns}>{empty ?? "No runs match these filters."}</TableEmpty>}
          {runs.map((r, i) => (
            <Tr
              key={r.id}
              selected={i === selected}
              data-row-index={i}
              data-run-id={r.id}
              interactive
              onClick={() => setSelected(i)}
            >
              <Td muted className="whitespace-nowrap tabular-nums" data-col="startedAt">
                <Time value={r.startedAt} precision="seconds" />
              </Td>
              <Td mono className="max-w-32 truncate" title={r.id}>
                {/* A block as wide as the cell: the whole visible id is the link (a long id is cut with "…"). */}
                <Link href={runHref(slug, r.id)} className="block truncate text-accent-700 hover:underline">
                  {r.id}
                </Link>
              </Td>
              <Td className="whitespace-nowrap">
                {r.workflow} {r.environment !== "production" && <EnvironmentBadge environment={r.environment} />}
              </Td>
              <Td>
                <OutcomeBadge outcome={r.outcome} />
              </Td>
              <Td className="max-w-64 overflow-hidden">
                {r.failure && (
                  <span className="flex items-center gap-1.5 whitespace-nowrap" title={r.failure.reason}>
                    {r.failure.critical && <Badge tone="bad">critical</Badge>}
                    <Badge tone="muted">{formatCategory(r.failure.category)}</Badge>
                    <span className="truncate">{r.failure.reason}</span>
                  </span>
                )}
                {r.escalation && (
                  <span className="block truncate whitespace-nowrap text-slate-600" title={r.escalation.reason}>
                    {r.escalation.reason}
                  </span>
                )}
              </Td>
              <Td mono muted className="hidden whitespace-nowrap 2xl:table-cell">
                {r.release}
              </Td>
              <Td numeric>{formatCount(r.toolCallCount)}</Td>
              {tool && (
                <Td numeric className="whitespace-nowrap" data-col="toolLatency" data-ms={r.toolLatencyMs}>
                  {formatDurationMs(r.toolLatencyMs)}
                </Td>
              )}
              <Td numeric className="whitespace-nowrap" data-col="duration" data-ms={r.durationMs}>
                {formatDurationMs(r.durationMs)}
              </Td>
              <Td numeric className="whitespace-nowrap" data-col="cost">
                {formatUsd(r.costUsd)}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </TableContainer>
  );
}
