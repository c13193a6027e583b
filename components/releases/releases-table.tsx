"use client";
// Every release seen in the project, newest first, with the KPI delta against the previous one.
import Link from "next/link";
import { Badge, Card, EmptyState, EnvironmentBadge, ErrorState, SkeletonRows, Table, TableContainer, TBody, Td, Th, THead, Time, Tr } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useReleaseGates, useReleases } from "@/lib/client/releases";
import { GATE_LABELS } from "@/lib/shared/gates";
import { releasePath, type ReleaseListItem } from "@/lib/shared/releases";
import { formatCount, formatDelta, formatDurationMs, formatRate, formatUsd } from "@/lib/shared/format";
import { deltaTone } from "./compare";

const TONE = { good: "text-emerald-700", bad: "text-rose-700", neutral: "text-slate-400" } as const;

function DeltaLine({ kind, d, higherIsBetter }: { kind: "rate" | "ms" | "usd"; d: number | null | undefined; higherIsBetter: boolean }) {
  if (d === undefined || d === null) return null;
  return <div className={`text-[11px] ${TONE[deltaTone(d, higherIsBetter)]}`}>{formatDelta(d, kind)}</div>;
}

export function ReleasesTable() {
  const { slug } = useProject();
  const q = useReleases(slug);
  const releases = q.data?.releases ?? [];
  return (
    <Card title="Releases" description="Explicit release, else model@promptVersion · rates, p95 and cost per success vs the release first seen before it · run counts are context, never compared" flush>
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} retrying={q.isFetching} compact />
      ) : q.isPending ? (
        <div className="p-4">
          <SkeletonRows rows={5} />
        </div>
      ) : releases.length === 0 ? (
        <EmptyState compact title="No releases yet" description="Runs sent with a model and prompt version appear here as releases." />
      ) : (
        <TableContainer>
          <Table>
            <THead>
              <Tr>
                <Th>Release</Th>
                <Th>Environments</Th>
                <Th>First seen</Th>
                <Th>Last seen</Th>
                <Th numeric>Runs</Th>
                <Th numeric>Success</Th>
                <Th numeric>Escalation</Th>
                <Th numeric>Run p95</Th>
                <Th numeric>Cost / success</Th>
                <Th numeric>Gold set</Th>
                <Th>Gates (7 days)</Th>
              </Tr>
            </THead>
            <TBody>
              {releases.map((r) => (
                <ReleaseRow key={r.release} slug={slug} r={r} />
              ))}
            </TBody>
          </Table>
        </TableContainer>
      )}
    </Card>
  );
}

function ReleaseRow({ slug, r }: { slug: string; r: ReleaseListItem }) {
  return (
    <Tr>
      <Td className="whitespace-nowrap">
        <Link href={releasePath(slug, r.release)} className="font-medium text-accent-700 hover:underline">
          {r.release}
        </Link>
        {r.previousRelease && <div className="text-[11px] whitespace-nowrap text-slate-400">after {r.previousRelease}</div>}
      </Td>
      <Td>
        <div className="flex flex-wrap gap-1">
          {r.environments.length ? r.environments.map((e) => <EnvironmentBadge key={e} environment={e} />) : <Badge tone="muted">eval only</Badge>}
        </div>
      </Td>
      <Td muted className="whitespace-nowrap">
        <Time value={r.firstSeenAt} precision="date" />
      </Td>
      <Td muted className="whitespace-nowrap">
        <Time value={r.lastSeenAt} precision="date" />
      </Td>
      <Td numeric>{formatCount(r.runs)}</Td>
      <Td numeric>
        {formatRate(r.successRate)}
        <DeltaLine kind="rate" d={r.delta?.successRate} higherIsBetter />
      </Td>
      <Td numeric>
        {formatRate(r.escalationRate)}
        <DeltaLine kind="rate" d={r.delta?.escalationRate} higherIsBetter={false} />
      </Td>
      <Td numeric>
        {formatDurationMs(r.runP95Ms)}
        <DeltaLine kind="ms" d={r.delta?.runP95Ms} higherIsBetter={false} />
      </Td>
      <Td numeric>
        {formatUsd(r.costPerSuccessUsd)}
        <DeltaLine kind="usd" d={r.delta?.costPerSuccessUsd} higherIsBetter={false} />
      </Td>
      <Td numeric>
        {r.latestEval ? (
          <span title={`${r.latestEval.goldSet}: ${r.latestEval.passed}/${r.latestEval.total}`}>{formatRate(r.latestEval.passRate)}</span>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </Td>
      <Td>
        <GateCell release={r.release} />
      </Td>
    </Tr>
  );
}

/** The release's verdict, from the same endpoint as its page (so opening it is instant). */
function GateCell({ release }: { release: string }) {
  const { slug } = useProject();
  const q = useReleaseGates(slug, release);
  if (q.isPending) return <span className="text-slate-400">…</span>;
  if (q.isError) return <span className="text-slate-400">—</span>;
  const failing = q.data.gates.filter((g) => !g.pass).map((g) => GATE_LABELS[g.name]);
  return q.data.pass ? (
    <Badge tone="good" dot>
      Promote
    </Badge>
  ) : (
    <Badge tone="bad" dot title={`Failing: ${failing.join(", ")}`}>
      Hold · {failing.length} failing
    </Badge>
  );
}
