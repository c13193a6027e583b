import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { OwnershipPanel } from "@/components/governance/ownership-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ownership" };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "ownership:read");
  const members = await listAssignableMembers(await getDatabase(), project.id);
  return <OwnershipPanel members={members} />;
}
