import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { RunbookDetail } from "@/components/runbooks/runbook-detail";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runbook" };

// A runbook's body is for sre and up (issue 18): a viewer gets the 403 page here.
export default async function Page({ params }: { params: Promise<{ project: string; id: string }> }) {
  const p = await params;
  const { project } = await requireProjectPage(p.project, "runbook-bodies:read");
  const members = await listAssignableMembers(await getDatabase(), project.id);
  return <RunbookDetail id={p.id} members={members} />;
}
