import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { ReleaseGates } from "@/components/releases/release-gates";
import { EvalHistory } from "@/components/releases/eval-history";
import { GateSettingsPanel } from "@/components/releases/gate-settings-panel";
import { CanaryAnalysis } from "@/components/releases/canary-analysis";
import { StageHistory } from "@/components/releases/stage-history";
import { QualityDrift } from "@/components/releases/quality-drift";
import { decodeReleaseParam } from "@/lib/shared/releases";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ project: string; release: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Release ${decodeReleaseParam((await params).release)}` };
}

export default async function ReleasePage({ params }: Props) {
  const { project: slug, release: raw } = await params;
  const { project } = await requireProjectPage(slug, "releases:read");
  const release = decodeReleaseParam(raw);
  return (
    <>
      <PageHeader
        title={<span className="font-mono">{release}</span>}
        description="May this release take more traffic? Gates over the last 7 days."
        actions={
          <Link href={`/${encodeURIComponent(project.slug)}/releases`} className="text-sm text-accent-700 hover:underline">
            ← All releases
          </Link>
        }
      />
      <ReleaseGates release={release} />
      <div className="mt-4 space-y-4">
        <CanaryAnalysis release={release} />
        <StageHistory release={release} />
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <QualityDrift release={release} />
          <EvalHistory release={release} />
        </div>
        <GateSettingsPanel />
      </div>
    </>
  );
}
