import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { RisksPanel } from "@/components/risks/risks-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Risks" };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "risks:read");
  const members = await listAssignableMembers(await getDatabase(), project.id);
  return <RisksPanel members={members} />;
}
