import type { Metadata } from "next";
import { requireProjectPage } from "@/lib/server/auth/page-context";
import { ComingSoon } from "@/components/shell/coming-soon";

// Placeholder until the Settings page is built.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function Page({ params }: { params: Promise<{ project: string }> }) {
  await requireProjectPage((await params).project, "settings:write");
  return (
    <ComingSoon
      title="Settings"
      description="Members, API keys and release-gate thresholds."
      what="Manage members and their roles, create and revoke API keys, and set gate thresholds."
    />
  );
}
