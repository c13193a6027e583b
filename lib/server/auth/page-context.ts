import "server-only";
// What every page behind sign-in asks first: who is this, and what is their role in this project.
// Layouts and pages render concurrently in the App Router, so a layout's check does not protect a
// page: each project page calls requireProjectPage itself. React's cache() makes the repeated
// lookups within one request a single database read.
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
// The route being rendered ("/[project]/traces/[runId]"): Next's own request store, the one
// next/headers reads. There is no public API for it in a layout; see projectRouteAction below.
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { can, type Action, type Role } from "@/lib/shared/permissions";
import { signInPath } from "@/lib/shared/callback-url";
import { actionForProjectSegment } from "@/lib/shared/nav";
import { getPrisma } from "../db";
import { getSessionUser, type SessionUser } from "./session";

export interface ProjectMembership {
  project: { id: string; slug: string; name: string };
  role: Role;
}

export interface ProjectPageContext {
  user: SessionUser;
  project: { id: string; slug: string; name: string };
  role: Role;
}

export const getPageUser = cache(async (): Promise<SessionUser | null> => getSessionUser());

/**
 * The signed-in person, or a redirect to /signin that comes back to `returnTo` afterwards.
 * (Server components are not told the request's path, so callers pass what they know.)
 */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await getPageUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}

/** The person's projects with their role, by name. */
export const listMyProjects = cache(async (userId: string): Promise<ProjectMembership[]> => {
  const prisma = await getPrisma();
  const rows = await prisma.membership.findMany({
    where: { userId },
    select: { role: true, project: { select: { id: true, slug: true, name: true } } },
    orderBy: { project: { name: "asc" } },
  });
  return rows.map((r) => ({ project: r.project, role: r.role }));
});

const getMembership = cache(async (userId: string, slug: string): Promise<ProjectMembership | null> => {
  const prisma = await getPrisma();
  const row = await prisma.membership.findFirst({
    where: { userId, project: { slug } },
    select: { role: true, project: { select: { id: true, slug: true, name: true } } },
  });
  return row ? { project: row.project, role: row.role } : null;
});

/** The person's membership of `slug`, or null (signed out, or not a member); never redirects. */
export async function findProjectPage(slug: string): Promise<ProjectPageContext | null> {
  const user = await getPageUser();
  if (!user) return null;
  const membership = await getMembership(user.id, slug);
  return membership ? { user, project: membership.project, role: membership.role } : null;
}

/**
 * The action the page being rendered needs, from its route ("/[project]/traces/[runId]" →
 * traces:read), or null outside /[project] pages or when the route is unknown.
 *
 * Why: a page's own check runs inside the project's loading boundary (loading.tsx), after the
 * response has started streaming with status 200, so its forbidden() can only swap the UI. The
 * project layout renders before that boundary: checking the page's action there gives a real
 * HTTP 403 on a full page load (e2e/ui/persona-executive.spec.ts asserts the status, so a Next
 * upgrade that moves this store fails loudly instead of silently answering 200).
 */
function projectRouteAction(): Action | null {
  const route = workAsyncStorage.getStore()?.route;
  const match = route ? /^\/\[project\](?:\/([^/]+))?/.exec(route) : null;
  return match ? actionForProjectSegment(match[1] ?? "") : null;
}

/**
 * For a page under /[project]: signed out → /signin (and back here after); not a member → 404,
 * exactly as if the project did not exist (CONTRACT §1); a member whose role lacks `action` →
 * 403 (forbidden.tsx: "your role (viewer) can't open traces"), since the project's existence is
 * no secret to a member. Called by the project layout without `action`: then the action of the
 * page being rendered is checked (see projectRouteAction), so the 403 is a real HTTP status.
 */
export async function requireProjectPage(slug: string, action?: Action): Promise<ProjectPageContext> {
  const user = await requireUser(`/${encodeURIComponent(slug)}`);
  const membership = await getMembership(user.id, slug);
  if (!membership) notFound();
  const needed = action ?? projectRouteAction();
  if (needed && !can(membership.role, needed)) forbidden();
  return { user, project: membership.project, role: membership.role };
}
