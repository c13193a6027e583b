"use client";
// The admin's settings page: keys and members side by side with what changed (audit), and the
// ingest rate limit, and the re-map of stored OpenTelemetry traces.
import { PageHeader } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { ApiKeysPanel } from "./api-keys-panel";
import { ChannelsPanel } from "./channels-panel";
import { AuditPanel } from "./audit-panel";
import { IngestPanel } from "./ingest-panel";
import { MembersPanel } from "./members-panel";
import { OtelRemapPanel } from "./otel-remap";
import { GuardrailsSettings } from "./guardrails-settings";
import { AreaOwner } from "@/components/governance/area-owner";

export function SettingsPanel({ knownWorkflows }: { knownWorkflows: readonly string[] }) {
  const { slug, name, user } = useProject();
  return (
    <>
      <PageHeader title="Settings" description={`API keys, members, the ingest limit, notification channels, OpenTelemetry re-maps and guardrails of ${name}. Every change is audited.`} />
      <div className="min-w-0 space-y-4">
        <ApiKeysPanel slug={slug} />
        <div className="grid gap-4 xl:grid-cols-[3fr_2fr] [&>*]:min-w-0">
          <MembersPanel slug={slug} myEmail={user.email} />
          <IngestPanel slug={slug} />
        </div>
        <ChannelsPanel slug={slug} />
        <OtelRemapPanel slug={slug} />
        <GuardrailsSettings knownWorkflows={knownWorkflows} />
        <AreaOwner area="policy_audit" />
        <AuditPanel slug={slug} />
      </div>
    </>
  );
}
