import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listAssignableMembers } from "@/lib/server/queries/fix-items";
import { formatIsoWeek, lastFullWeek, parseIsoWeek } from "@/lib/shared/iso-week";
import { ReviewPanel } from "@/components/review/review-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Weekly review" };

export default async function Page({ params, searchParams }: { params: Promise<{ project: string }>; searchParams: Promise<{ week?: string | string[] }> }) {
  const { project } = await requireProjectPage((await params).project, "dashboards:read");
  const raw = (await searchParams).week;
  const week = (typeof raw === "string" ? parseIsoWeek(raw) : null) ?? lastFullWeek();
  const members = await listAssignableMembers(await getDatabase(), project.id);
  return <ReviewPanel initialWeek={formatIsoWeek(week)} members={members} />;
}
