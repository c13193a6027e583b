"use client";
// Settings → Guardrails (issue 17): the detector settings and the workflow budgets, one section
// shown on the Settings page (admins) and on its own page under Guardrails for every role
// (read-only unless the role may change them: owner and admin).
import { useProject } from "@/components/shell/project-context";
import { BudgetsPanel } from "./budgets-panel";
import { DetectorSettingsPanel } from "./detector-settings-panel";

export function GuardrailsSettings({ knownWorkflows, heading = true }: { knownWorkflows: readonly string[]; heading?: boolean }) {
  const { slug, role, can } = useProject();
  const canEdit = can("gates:write");
  const readOnlyHint = `Read-only: your role (${role}) can see these; owners and admins change them.`;
  return (
    <section id="guardrails" aria-labelledby="guardrails-heading" className="min-w-0 space-y-4">
      <h2 id="guardrails-heading" className={heading ? "text-sm font-semibold text-slate-800" : "sr-only"}>
        Guardrails
      </h2>
      <div className="grid gap-4 xl:grid-cols-[2fr_3fr] [&>*]:min-w-0">
        <DetectorSettingsPanel slug={slug} canEdit={canEdit} readOnlyHint={readOnlyHint} />
        <BudgetsPanel slug={slug} canEdit={canEdit} readOnlyHint={readOnlyHint} knownWorkflows={knownWorkflows} />
      </div>
    </section>
  );
}
