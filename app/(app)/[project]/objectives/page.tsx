import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { ObjectivesPanel } from "@/components/objectives/objectives-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Objectives" };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  await requireProjectPage((await params).project, "objectives:read");
  return <ObjectivesPanel />;
}
