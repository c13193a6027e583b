import "server-only";
// Reads about projects as a whole: who may create one, and whether a project has ever received a
// run (the overview's "send your first run" state differs from "no runs in this window").
import type { Database } from "../db";
import { ROLES, can } from "@/lib/shared/permissions";

/** Roles that carry `projects:create` (admin today), read from the permissions table. */
const CREATOR_ROLES = ROLES.filter((role) => can(role, "projects:create"));

/** True when the person holds, in at least one project, a role that may create projects. */
export async function canUserCreateProjects(db: Database, userId: string): Promise<boolean> {
  const row = await db.prisma.membership.findFirst({
    where: { userId, role: { in: [...CREATOR_ROLES] } },
    select: { projectId: true },
  });
  return row !== null;
}

/** True when the project has at least one run, at any date. */
export async function projectHasRuns(db: Database, projectId: string): Promise<boolean> {
  const row = await db.prisma.run.findFirst({ where: { projectId }, select: { pk: true } });
  return row !== null;
}


export async function findProjectBySlug(db: Database, slug: string) {
  return db.prisma.project.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
}
