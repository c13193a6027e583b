import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { AlertsPanel } from "@/components/objectives/alerts-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  await requireProjectPage((await params).project, "objectives:read");
  return <AlertsPanel />;
}
