"use client";
// A keyboard-friendly runs table: j/k move the selection, Enter opens the selected run.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Badge, EnvironmentBadge, OutcomeBadge, Table, TableEmpty, TBody, Td, Th, THead, Tr } from "@/components/ui";
import type { RunListItem } from "@/lib/shared/runs-query";
import { formatCategory, formatMs, formatTime, formatUsd } from "./format";

export function runHref(slug: string, id: string) {
  return `/${slug}/traces/${encodeURIComponent(id)}`;
}

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.isContentEditable);
}

export function RunsTable({ slug, runs, empty }: { slug: string; runs: RunListItem[]; empty?: string }) {
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

  return (
    <Table aria-label="Runs">
      <THead>
        <Tr>
          <Th>Started</Th>
          <Th>Run</Th>
          <Th>Workflow</Th>
          <Th>Outcome</Th>
          <Th>Failure / escalation</Th>
          <Th>Release</Th>
          <Th numeric>Calls</Th>
          <Th numeric>Latency</Th>
          <Th numeric>Cost</Th>
        </Tr>
      </THead>
      <TBody>
        {runs.length === 0 && <TableEmpty colSpan={9}>{empty ?? "No runs match these filters."}</TableEmpty>}
        {runs.map((r, i) => (
          <Tr
            key={r.id}
            selected={i === selected}
            data-row-index={i}
            data-run-id={r.id}
            interactive
            onClick={() => setSelected(i)}
          >
            <Td muted className="whitespace-nowrap">
              {formatTime(r.startedAt)}
            </Td>
            <Td mono className="max-w-40 truncate">
              <Link href={runHref(slug, r.id)} className="text-accent-700 hover:underline">
                {r.id}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">
              {r.workflow} {r.environment !== "production" && <EnvironmentBadge environment={r.environment} />}
            </Td>
            <Td>
              <OutcomeBadge outcome={r.outcome} />
            </Td>
            <Td className="max-w-72 overflow-hidden">
              {r.failure && (
                <span className="flex items-center gap-1.5 whitespace-nowrap">
                  {r.failure.critical && <Badge tone="bad">critical</Badge>}
                  <Badge tone="muted">{formatCategory(r.failure.category)}</Badge>
                  <span className="truncate">{r.failure.reason}</span>
                </span>
              )}
              {r.escalation && <span className="block truncate whitespace-nowrap text-slate-600">{r.escalation.reason}</span>}
            </Td>
            <Td mono muted className="whitespace-nowrap">
              {r.release}
            </Td>
            <Td numeric>{r.toolCallCount}</Td>
            <Td numeric>{formatMs(r.durationMs)}</Td>
            <Td numeric>{formatUsd(r.costUsd)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
