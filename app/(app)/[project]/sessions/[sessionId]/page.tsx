import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listSessionRuns } from "@/lib/server/queries/runs-list";
import { Card, PageHeader, Time } from "@/components/ui";
import { EscBack } from "@/components/traces/esc-back";
import { RunsTable } from "@/components/traces/runs-table";
import { formatCount, formatDurationMs, formatUsd } from "@/lib/shared/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ project: string; sessionId: string }> }) {
  const p = await params;
  const { project } = await requireProjectPage(p.project, "traces:read");
  const sessionId = decodeURIComponent(p.sessionId);
  const db = await getDatabase();
  const runs = await listSessionRuns(db, project.id, sessionId);
  if (runs.length === 0) notFound();
  const cost = runs.reduce((s, r) => s + r.costUsd, 0);
  const span = Date.parse(runs[runs.length - 1].endedAt) - Date.parse(runs[0].startedAt);
  return (
    <>
      <EscBack fallback={`/${project.slug}/traces`} />
      <PageHeader
        title={
          <span>
            Session <span className="font-mono">{sessionId}</span>
          </span>
        }
        description={
          <>
            <Link href={`/${project.slug}/traces`} className="text-accent-700 hover:underline">
              ← Traces
            </Link>{" "}
            · {formatCount(runs.length)} run{runs.length === 1 ? "" : "s"} · started <Time value={runs[0].startedAt} precision="seconds" /> ·{" "}
            {formatDurationMs(span)} from first start to last end · {formatUsd(cost)}
          </>
        }
      />
      <Card flush title="Runs in order" description="Oldest first · j/k to move, Enter to open">
        <RunsTable slug={project.slug} runs={runs} />
      </Card>
    </>
  );
}
