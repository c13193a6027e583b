import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { RunbooksPanel } from "@/components/runbooks/runbooks-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runbooks" };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "runbooks:read");
  const members = await listAssignableMembers(await getDatabase(), project.id);
  return <RunbooksPanel members={members} />;
}
