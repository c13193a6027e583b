"use client";
// The executive overview: KPI tiles with their change, the trends, and where to look next.
import Link from "next/link";
import { Card } from "@/components/ui";
import { ObjectivesOverview } from "@/components/objectives/objectives-overview";
import { writeMetricsUrl } from "@/lib/client/metrics";
import { FailureReasonsTable } from "../failures/failure-reasons-table";
import { useMetricsScope } from "../scope";
import { KpiTiles } from "./kpi-tiles";
import { CostChart, LatencyChart, OutcomesChart, RatesChart } from "./overview-trends";
import { WorkflowsAtRisk } from "./workflows-at-risk";

export function OverviewPanel() {
  const { slug, state } = useMetricsScope();
  const qs = writeMetricsUrl(state);
  const more = (segment: string, label: string) => (
    <Link href={`/${slug}/${segment}${qs}`} className="text-xs font-medium text-accent-700 hover:underline">
      {label} →
    </Link>
  );
  return (
    <div className="space-y-4">
      <KpiTiles />
      <ObjectivesOverview slug={slug} />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <RatesChart />
        <OutcomesChart />
        <LatencyChart />
        <CostChart />
      </div>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Card title="Workflows to watch" description="Lowest success rate first" actions={more("workflows", "All workflows")} flush>
          <WorkflowsAtRisk />
        </Card>
        <Card title="Top failure reasons" description="Failed runs by category and reason" actions={more("failures", "All failures")} flush>
          <FailureReasonsTable limit={6} compact />
        </Card>
      </div>
    </div>
  );
}
