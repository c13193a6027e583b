import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { SettingsPanel } from "@/components/settings/settings-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ project: string }> }) {
  await requireProjectPage((await params).project, "settings:write");
  return <SettingsPanel />;
}
