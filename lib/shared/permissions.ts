// Permissions as data (CONTRACT §1): each role has every action of the roles before it.
export const ROLES = ["viewer", "sre", "owner", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "dashboards:read", // overview, workflows, tools, failures, cost, weekly review, releases list
  "traces:read", // runs list, run detail, sessions
  "incidents:read",
  "incidents:write",
  "fix-items:read",
  "fix-items:write",
  "releases:read",
  "gates:write", // release-gate thresholds and other project settings of gates and guardrails
  "channels:manage", // notification channels (webhook, Slack, PagerDuty): people only, owner and admin
  "objectives:read", // objectives, their status, alerts
  "objectives:write", // create, edit and approve objectives (CONTRACT §8: owner or admin)
  "alerts:write", // acknowledge and silence alerts (the on-call SRE)
  "members:manage",
  "api-keys:manage",
  "settings:write",
  // Creating a new project (the creator becomes its admin). There is no deployment-level role:
  // a person who is admin of at least one project may create more (checked over all memberships).
  "projects:create",
  // Sending runs (POST /api/v1/runs) is for API keys with scope `ingest` only: no role has it.
  "runs:ingest",
  // Incident response (issue 18): severity tiers and stakeholder-update templates (owner and admin),
  // publishing a postmortem (owner and admin; the commander edits the draft with incidents:write).
  "incident-settings:write",
  "incidents:publish",
  // Governance (issue 18, docs/governance.md): runbook lists for everyone, bodies and writes from sre;
  // the risk register and the ownership map written by owner+.
  "runbooks:read", // list, titles, attachments, flags (no body)
  "runbook-bodies:read", // a runbook's Markdown and its versions
  "runbooks:write",
  "risks:read",
  "risks:write",
  "ownership:read",
  "ownership:write",
] as const;
export type Action = (typeof ACTIONS)[number];

// Viewers read incidents (issue 18: timelines, updates, postmortems) but not the runs behind them.
const VIEWER: readonly Action[] = ["dashboards:read", "fix-items:read", "releases:read", "objectives:read", "incidents:read", "runbooks:read", "risks:read", "ownership:read"];
const SRE: readonly Action[] = [...VIEWER, "traces:read", "incidents:write", "alerts:write", "runbook-bodies:read", "runbooks:write"];
const OWNER: readonly Action[] = [
  ...SRE,
  "fix-items:write",
  "gates:write",
  "channels:manage",
  "objectives:write",
  "incident-settings:write",
  "incidents:publish",
  "risks:write",
  "ownership:write",
];
const ADMIN: readonly Action[] = [...OWNER, "members:manage", "api-keys:manage", "settings:write", "projects:create"];

export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  viewer: VIEWER,
  sre: SRE,
  owner: OWNER,
  admin: ADMIN,
};

export function can(role: Role | null | undefined, action: Action): boolean {
  // isRole, not a truthy check: a stale or forged value ("root", "toString") must get nothing, not throw.
  return isRole(role) && ROLE_ACTIONS[role].includes(action);
}

/** May this person create projects? Yes when one of their roles, in any project, allows it. */
export function canCreateProjects(roles: readonly (Role | null | undefined)[]): boolean {
  return roles.some((role) => can(role, "projects:create"));
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** API-key scopes (CONTRACT §1). A key acts for its project, never as a person. */
export const SCOPES = ["ingest", "read"] as const;
export type Scope = (typeof SCOPES)[number];

/** What a read-scoped key may do: read what a viewer and an SRE read, nothing that assigns people. */
export const READ_SCOPE_ACTIONS: readonly Action[] = [
  "dashboards:read",
  "traces:read",
  "incidents:read",
  "fix-items:read",
  "releases:read",
  "objectives:read",
  "runbooks:read",
  "runbook-bodies:read", // other tools read runbooks (issue 18), as a read key reads traces
  "risks:read",
  "ownership:read",
];
