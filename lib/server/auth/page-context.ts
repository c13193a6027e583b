import "server-only";
// What every page behind sign-in asks first: who is this, and what is their role in this project.
// Layouts and pages render concurrently in the App Router, so a layout's check does not protect a
// page: each project page calls requireProjectPage itself. React's cache() makes the repeated
// lookups within one request a single database read.
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { can, type Action, type Role } from "@/lib/shared/permissions";
import { signInPath } from "@/components/auth/callback-url";
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
 * For a page under /[project]: signed out → /signin (and back here after); not a member → 404,
 * exactly as if the project did not exist (CONTRACT §1); a role without `action` → 404 as well,
 * since the navigation never offers that page to the role (the not-found page names the role).
 */
export async function requireProjectPage(slug: string, action?: Action): Promise<ProjectPageContext> {
  const user = await requireUser(`/${encodeURIComponent(slug)}`);
  const membership = await getMembership(user.id, slug);
  if (!membership) notFound();
  if (action && !can(membership.role, action)) notFound();
  return { user, project: membership.project, role: membership.role };
}
