// The project navigation as data: the sidebar, the top bar's section title and the e2e journey
// all read this list. An item is shown only to roles whose permissions include its `action`.
import type { Action } from "@/lib/shared/permissions";

export type NavIcon =
  | "overview"
  | "workflows"
  | "tools"
  | "failures"
  | "cost"
  | "traces"
  | "incidents"
  | "alerts"
  | "objectives"
  | "review"
  | "fix-items"
  | "releases"
  | "settings"
  | "docs"
  | "runbooks"
  | "risks"
  | "ownership"
  | "guardrails";

export interface NavItem {
  label: string;
  /** Path under /[project] ("" = the project's overview); absolute when `external`. */
  segment: string;
  action: Action;
  icon: NavIcon;
  /** A page outside the project (docs): `segment` is the full path. */
  external?: boolean;
  /** Other first path segments that belong to this section (/[project]/sessions/… is part of Traces). */
  aliases?: readonly string[];
}

export interface NavGroup {
  label: string | null;
  items: NavItem[];
}

export const NAV_GROUPS: readonly NavGroup[] = [
  {
    label: "Monitor",
    items: [
      { label: "Overview", segment: "", action: "dashboards:read", icon: "overview" },
      { label: "Workflows", segment: "workflows", action: "dashboards:read", icon: "workflows" },
      { label: "Tools", segment: "tools", action: "dashboards:read", icon: "tools" },
      { label: "Failures", segment: "failures", action: "dashboards:read", icon: "failures" },
      { label: "Cost", segment: "cost", action: "dashboards:read", icon: "cost" },
      { label: "Guardrails", segment: "guardrails", action: "dashboards:read", icon: "guardrails" },
      { label: "Objectives", segment: "objectives", action: "objectives:read", icon: "objectives" },
    ],
  },
  {
    label: "Investigate",
    items: [
      { label: "Traces", segment: "traces", action: "traces:read", icon: "traces", aliases: ["sessions"] },
      { label: "Alerts", segment: "alerts", action: "objectives:read", icon: "alerts" },
      { label: "Incidents", segment: "incidents", action: "incidents:read", icon: "incidents" },
    ],
  },
  {
    label: "Improve",
    items: [
      { label: "Review", segment: "review", action: "dashboards:read", icon: "review" },
      { label: "Fix items", segment: "fix-items", action: "fix-items:read", icon: "fix-items" },
      { label: "Releases", segment: "releases", action: "releases:read", icon: "releases" },
      { label: "Runbooks", segment: "runbooks", action: "runbooks:read", icon: "runbooks" },
      { label: "Risks", segment: "risks", action: "risks:read", icon: "risks" },
      { label: "Ownership", segment: "ownership", action: "ownership:read", icon: "ownership" },
    ],
  },
];

/** Pinned to the bottom of the sidebar. */
export const NAV_FOOTER: readonly NavItem[] = [
  { label: "Settings", segment: "settings", action: "settings:write", icon: "settings" },
  { label: "Docs", segment: "/docs/ingest", action: "dashboards:read", icon: "docs", external: true },
];

export const ALL_NAV_ITEMS: readonly NavItem[] = [...NAV_GROUPS.flatMap((g) => g.items), ...NAV_FOOTER];

export function navHref(slug: string, item: NavItem): string {
  if (item.external) return item.segment;
  return item.segment ? `/${slug}/${item.segment}` : `/${slug}`;
}

/** The nav item a path belongs to (/demo/traces/abc → Traces), or null. */
export function navItemForPath(slug: string, pathname: string): NavItem | null {
  const base = `/${slug}`;
  if (pathname === base || pathname === `${base}/`) return ALL_NAV_ITEMS[0];
  if (!pathname.startsWith(`${base}/`)) return null;
  const first = pathname.slice(base.length + 1).split("/")[0];
  return ALL_NAV_ITEMS.find((i) => !i.external && (i.segment === first || i.aliases?.includes(first))) ?? null;
}

/**
 * The action a page of the project needs, by its first path segment under /[project] ("" = the
 * overview; "sessions" belongs to Traces); null for a segment the navigation does not know
 * (the page checks its own action). The server's page gate reads this, so the navigation and
 * the 403 answer never disagree.
 */
export function actionForProjectSegment(segment: string): Action | null {
  return ALL_NAV_ITEMS.find((i) => !i.external && (i.segment === segment || i.aliases?.includes(segment)))?.action ?? null;
}
