"use client";
// The weekly review's guardrails section (issue 17): runs over budget, blocked calls, retry storms,
// loops, failure streaks and duplicate side effects, this week against last week, each count opening
// its runs of that week. The rows are lib/shared/review-guardrails', as in the Markdown export.
import Link from "next/link";
import { Card, Table, TableContainer, TBody, Td, Th, THead, Tr, cn } from "@/components/ui";
import { formatCount, formatCountChange, formatUsd } from "@/lib/shared/format";
import { guardrailReviewRows, guardrailRunsHref } from "@/lib/shared/review-guardrails";
import type { Review } from "@/lib/shared/review";
import { TIGHT_CELLS } from "./kpi-tables";

const WEEK_MS = 7 * 86_400_000;

export function GuardrailsCard({ review, slug, canTrace }: { review: Review; slug: string; canTrace: boolean }) {
  const week = { from: review.from, to: review.to };
  const previous = { from: new Date(Date.parse(review.from) - WEEK_MS).toISOString(), to: review.from };
  const count = (n: number, href: string) =>
    canTrace && n > 0 ? (
      <Link className="hover:underline" href={href}>
        {formatCount(n)}
      </Link>
    ) : (
      formatCount(n)
    );
  return (
    <Card title="Guardrails" description={`Budgets, blocked actions, retry storms, loops and duplicate side effects · ${review.week} vs ${review.previousWeek}`} flush className="break-inside-avoid" data-testid="review-guardrails">
      <TableContainer className="print:overflow-visible">
        <Table aria-label="Guardrails this week and last week" className={cn("min-w-[36rem] print:min-w-0", TIGHT_CELLS)}>
          <THead>
            <Tr>
              <Th />
              <Th numeric>{review.week}</Th>
              <Th numeric>{review.previousWeek}</Th>
              <Th numeric>Change</Th>
              <Th numeric>Wasted</Th>
              <Th numeric>Wasted last week</Th>
            </Tr>
          </THead>
          <TBody>
            {guardrailReviewRows(review.guardrails).map((r) => (
              <Tr key={r.key}>
                <Td>{r.label}</Td>
                <Td numeric className="font-medium">
                  {count(r.current, guardrailRunsHref(slug, week, r.link))}
                </Td>
                <Td numeric muted>
                  {count(r.previous, guardrailRunsHref(slug, previous, r.link))}
                </Td>
                <Td numeric className={r.current > r.previous ? "text-rose-700" : r.current < r.previous ? "text-emerald-700" : "text-slate-500"}>
                  {formatCountChange(r.current, r.previous)}
                </Td>
                <Td numeric>{r.wastedCostUsd ? formatUsd(r.wastedCostUsd.current) : ""}</Td>
                <Td numeric muted>
                  {r.wastedCostUsd ? formatUsd(r.wastedCostUsd.previous) : ""}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </TableContainer>
    </Card>
  );
}
