import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { FixItemsPanel } from "@/components/fix-items/fix-items-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Fix items" };

export default async function Page({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<{ mine?: string }> }) {
  const { project } = await requireProjectPage((await params).project, "fix-items:read");
  const members = await listAssignableMembers(await getDatabase(), project.id);
  const mine = (await searchParams).mine === "1";
  return <FixItemsPanel members={members} initialScope={mine ? "mine" : "all"} />;
}
