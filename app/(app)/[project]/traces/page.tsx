import type { Metadata } from "next";
import { Suspense } from "react";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { PageHeader } from "@/components/ui";
import { RunsExplorer } from "@/components/traces/runs-explorer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Traces" };

export default async function TracesPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "traces:read");
  return (
    <>
      <PageHeader title="Traces" description="Every run, newest first. Filter, search by run, trace or session id, and open one." />
      <Suspense>
        <RunsExplorer slug={project.slug} />
      </Suspense>
    </>
  );
}
