import "server-only";
// Creating a project from the app. The project, its settings row, the creator's admin membership
// and the audit row are written in one transaction: a project never exists without an admin.
import type { Database } from "../db";
import { transaction } from "../db/handle";
import { Prisma } from "../generated/prisma/client";
import { forbidden, HttpError } from "../http/errors";
import { canUserCreateProjects } from "../queries/projects";
import { slugify } from "./accounts";
import { recordAudit } from "./audit";
import type { CreateProjectInput, ProjectCreated } from "@/lib/shared/projects";

/** The person creating the project (a session; API keys act for one project and cannot). */
export interface ProjectCreator {
  userId: string;
}

const slugTaken = (slug: string) => {
  const message = `a project with the address '${slug}' already exists; choose another name`;
  return new HttpError(409, "conflict", message, [{ path: "name", message }]);
};

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/**
 * Who may: a person who is admin of at least one project (`projects:create`; there is no
 * deployment-level role). The creator becomes the new project's admin. The slug is the CLI's
 * (`slugify`), so `keel api-key create --project "My agents"` and this name the same project.
 * `input` is already validated by createProjectSchema (name trimmed, a usable slug, not reserved).
 */
export async function createProject(db: Database, input: CreateProjectInput, creator: ProjectCreator): Promise<ProjectCreated> {
  if (!(await canUserCreateProjects(db, creator.userId)))
    throw forbidden("only an admin of a project may create projects; ask an admin to create it or to make you admin");
  const name = input.name.trim();
  const slug = slugify(name);
  try {
    return await transaction(db, async (tx) => {
      if (await tx.prisma.project.findUnique({ where: { slug }, select: { id: true } })) throw slugTaken(slug);
      const project = await tx.prisma.project.create({
        data: { slug, name, settings: { create: {} } },
        select: { id: true, slug: true, name: true },
      });
      await tx.prisma.membership.create({ data: { projectId: project.id, userId: creator.userId, role: "admin" } });
      await recordAudit(tx.prisma, {
        projectId: project.id,
        actor: { type: "user", userId: creator.userId },
        action: "project.create",
        targetType: "project",
        targetId: project.id,
        after: { name: project.name, slug: project.slug, creatorRole: "admin" },
      });
      return project;
    });
  } catch (err) {
    // Two people creating the same name at once: the unique slug refuses the second.
    if (isUniqueViolation(err)) throw slugTaken(slug);
    throw err;
  }
}
