// The ownership map (issue 18, docs/governance.md): the four governance areas every project has,
// plus custom ones, each assigned to a member.
import { z } from "zod";
import type { ownershipAreaSchema } from "./api/governance";

export type OwnershipArea = z.infer<typeof ownershipAreaSchema>;

export const BUILTIN_AREAS = [
  { key: "release_gates", label: "Platform standards & release gates", role: "CTO", description: "Platform standards, release gates and rollout decisions" },
  { key: "policy_audit", label: "Policy controls & audit", role: "Security", description: "Guardrails, policy violations and the audit trail" },
  { key: "acceptance_criteria", label: "Acceptance criteria", role: "Product", description: "Gold sets and what a good outcome is" },
  { key: "reliability", label: "Incident response & reliability budgets", role: "SRE", description: "Incidents, objectives, error budgets and alerts" },
] as const;
export type BuiltinAreaKey = (typeof BUILTIN_AREAS)[number]["key"];
export const BUILTIN_AREA_KEYS: readonly string[] = BUILTIN_AREAS.map((a) => a.key);

/** Custom area keys: lowercase words joined by "_" or "-", not a built-in key. */
const key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be lowercase letters, digits, _ or -, at most 64");
const owner = z.string().trim().toLowerCase().pipe(z.email("must be an email address")).nullable();

/**
 * PUT /api/v1/ownership: the whole map. Built-in areas take an owner (their label is fixed); custom
 * areas need a label; an area left out of the list is removed (built-ins stay, unassigned).
 */
export const ownershipPutSchema = z.strictObject({
  areas: z
    .array(z.strictObject({ key, label: z.string().trim().min(1, "must not be empty").max(100).optional(), owner }))
    .max(50, "at most 50 areas")
    .superRefine((areas, ctx) => {
      const seen = new Set<string>();
      areas.forEach((a, i) => {
        if (seen.has(a.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `${a.key} is listed twice` });
        seen.add(a.key);
        if (!BUILTIN_AREA_KEYS.includes(a.key) && !a.label) ctx.addIssue({ code: "custom", path: [i, "label"], message: "a custom area needs a label" });
      });
    }),
});
export type OwnershipPut = z.infer<typeof ownershipPutSchema>;
