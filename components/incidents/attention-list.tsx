// Critical policy violations (CONTRACT §3) that no incident covers yet: flagged for attention.
import Link from "next/link";
import { Card, Time } from "@/components/ui";
import type { RunListItem } from "@/lib/shared/runs-query";
import { OpenIncidentButton } from "./open-incident";

export function AttentionList({ slug, runs, canWrite }: { slug: string; runs: RunListItem[]; canWrite: boolean }) {
  if (runs.length === 0) return null;
  return (
    <Card
      title={<span className="text-rose-800">Needs attention: {runs.length} critical policy violation{runs.length === 1 ? "" : "s"} without an incident</span>}
      description="Last 7 days · a critical violation fails the release gate"
      className="border-rose-200"
      actions={
        canWrite && (
          <OpenIncidentButton
            slug={slug}
            runIds={runs.map((r) => r.id)}
            failure={runs[0].failure}
            defaultSeverity="SEV1"
            defaultTitle={`Critical policy violation: ${runs[0].failure?.reason ?? ""}`}
            label="Open incident for these"
          />
        )
      }
    >
      <ul className="divide-y divide-slate-100 text-sm">
        {runs.map((r) => (
          <li key={r.id} className="flex items-center gap-3 py-1.5">
            <Link className="font-mono text-accent-700 hover:underline" href={`/${slug}/traces/${encodeURIComponent(r.id)}`}>
              {r.id}
            </Link>
            <span className="text-slate-700">{r.workflow}</span>
            <span className="truncate text-rose-800">{r.failure?.reason}</span>
            <span className="ml-auto text-slate-500"><Time value={r.startedAt} precision="seconds" /></span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
