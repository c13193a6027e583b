import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { ObjectiveDetail } from "@/components/objectives/objective-detail";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Objective" };

export default async function Page({ params }: { params: Promise<{ project: string; id: string }> }) {
  const p = await params;
  await requireProjectPage(p.project, "objectives:read");
  return <ObjectiveDetail id={p.id} />;
}
