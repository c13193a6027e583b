import "server-only";
// The demo's names, shared with the CLI (which must not load the demo's heavier modules for help).
import type { Role } from "@/lib/shared/permissions";

export const DEMO_PROJECT_SLUG = "demo";
export const DEMO_PROJECT_NAME = "Demo";
export const DEMO_PASSWORD = "keel-demo";
export const DEMO_PEOPLE = [
  { key: "admin", email: "admin@keel.local", name: "Alex Admin", role: "admin" },
  { key: "owner", email: "owner@keel.local", name: "Olivia Owner", role: "owner" },
  { key: "sre", email: "sre@keel.local", name: "Sam Reyes", role: "sre" },
  { key: "viewer", email: "viewer@keel.local", name: "Vic Viewer", role: "viewer" },
  { key: "dana", email: "dana@keel.local", name: "Dana Kim", role: "owner" },
] as const satisfies readonly { key: string; email: string; name: string; role: Role }[];
