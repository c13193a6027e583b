import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { getDatabase } from "@/lib/server/db";
import { listKnownWorkflows } from "@/lib/server/queries/budgets";
import { SettingsPanel } from "@/components/settings/settings-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await requireProjectPage((await params).project, "settings:write");
  // For the budget form's workflow picker (Guardrails section).
  const knownWorkflows = await listKnownWorkflows(await getDatabase(), project.id);
  return <SettingsPanel knownWorkflows={knownWorkflows} />;
}
