// Creating a project from the app on real databases: who may (an admin of some project), the slug
// (the CLI's rule), the creator's admin membership, the audit row, and a taken slug (409 on name).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ensureUserWithRole, slugify } from "@/lib/server/services/accounts";
import { HttpError } from "@/lib/server/http/errors";
import { canUserCreateProjects, projectHasRuns } from "@/lib/server/queries/projects";
import { createProject } from "@/lib/server/services/projects";
import { ingestRuns } from "@/lib/server/ingest";
import { createProjectSchema, projectSlug } from "@/lib/shared/projects";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

async function httpError(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  return err as HttpError;
}

describe("project names", () => {
  it("become the same slug as on the CLI", () => {
    for (const name of ["My agents", "  Checkout Agent  ", "Support / EU (prod)", "ÄÖÜ billing", "a--b", "x".repeat(80), "Über-Agent 2"])
      expect(projectSlug(name), name).toBe(slugify(name));
  });

  it("are refused with the field named when empty, too long, without letters or digits, or reserved", () => {
    const issues = (body: unknown) => {
      const r = createProjectSchema.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
    };
    expect(issues({ name: "My agents" })).toEqual([]);
    expect(createProjectSchema.parse({ name: "  My agents " })).toEqual({ name: "My agents" });
    expect(issues({ name: "   " })).toEqual([["name", "give the project a name"]]);
    expect(issues({ name: "x".repeat(101) })).toEqual([["name", "at most 100 characters"]]);
    expect(issues({ name: "!!!" })).toEqual([["name", "use at least one letter or digit (the address is made from them)"]]);
    expect(issues({ name: "Projects" })).toEqual([["name", "the address /projects is used by Keel itself; choose another name"]]);
    expect(issues({ name: " API " })).toEqual([["name", "the address /api is used by Keel itself; choose another name"]]);
    expect(issues({})).toEqual([["name", "a name is required"]]);
    expect(issues({ name: "ok", slug: "x" })).toEqual([["", 'Unrecognized key: "slug"']]);
  });
});

describe.each(testDatabases())("projects on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  async function person(role: "admin" | "owner" | "viewer") {
    const home = await createTestProject(db, "home");
    const { user } = await ensureUserWithRole(db, {
      email: `${uniqueSlug(role)}@example.test`,
      password: "a-password",
      projectId: home.id,
      role,
    });
    return user;
  }

  it("an admin of a project creates another: slug from the name, admin membership, audit row", async () => {
    const admin = await person("admin");
    expect(await canUserCreateProjects(db, admin.id)).toBe(true);
    const name = `New Agents ${uniqueSlug("x")}`;
    const created = await createProject(db, { name }, { userId: admin.id });
    expect(created).toEqual({ id: expect.any(String), slug: slugify(name), name });

    const memberships = await db.prisma.membership.findMany({ where: { projectId: created.id }, select: { userId: true, role: true } });
    expect(memberships).toEqual([{ userId: admin.id, role: "admin" }]);
    const settings = await db.prisma.projectSettings.findUnique({ where: { projectId: created.id } });
    expect(settings?.runP95TargetMs).toBe(30_000);

    const audit = await db.prisma.auditLog.findMany({ where: { projectId: created.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "user",
      actorUserId: admin.id,
      action: "project.create",
      targetType: "project",
      targetId: created.id,
      after: { name, slug: created.slug, creatorRole: "admin" },
    });
    expect(await projectHasRuns(db, created.id)).toBe(false);
  });

  it("a name whose slug exists is a 409 naming `name`, and nothing is written", async () => {
    const admin = await person("admin");
    const name = `Twin ${uniqueSlug("t")}`;
    const first = await createProject(db, { name }, { userId: admin.id });
    const mine = { action: "project.create", actorUserId: admin.id };
    // Different spelling, same address.
    const err = await httpError(createProject(db, { name: name.toUpperCase().replace(" ", "  ") }, { userId: admin.id }));
    expect(err.status).toBe(409);
    expect(err.code).toBe("conflict");
    expect(err.issues).toEqual([{ path: "name", message: `a project with the address '${first.slug}' already exists; choose another name` }]);
    expect(await db.prisma.project.count({ where: { slug: first.slug } })).toBe(1);
    expect(await db.prisma.membership.count({ where: { userId: admin.id } })).toBe(2); // home + the first
    expect(await db.prisma.auditLog.count({ where: mine })).toBe(1);
  });

  it("two creations of one name at once: one project, the other a 409", async () => {
    const admin = await person("admin");
    const name = `Race ${uniqueSlug("r")}`;
    const results = await Promise.allSettled([
      createProject(db, { name }, { userId: admin.id }),
      createProject(db, { name }, { userId: admin.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as HttpError).status).toBe(409);
    expect(await db.prisma.project.count({ where: { slug: slugify(name) } })).toBe(1);
  });

  it("an owner or viewer (admin nowhere) gets 403 and creates nothing", async () => {
    for (const role of ["owner", "viewer"] as const) {
      const user = await person(role);
      expect(await canUserCreateProjects(db, user.id)).toBe(false);
      const name = `Nope ${uniqueSlug(role)}`;
      const err = await httpError(createProject(db, { name }, { userId: user.id }));
      expect(err.status).toBe(403);
      expect(await db.prisma.project.count({ where: { slug: slugify(name) } })).toBe(0);
    }
  });

  it("projectHasRuns turns true with the first run, whatever its date", async () => {
    const admin = await person("admin");
    const created = await createProject(db, { name: `Runs ${uniqueSlug("h")}` }, { userId: admin.id });
    const res = await ingestRuns(db, created.id, [
      {
        id: "run-0001",
        sessionId: "s",
        workflow: "w",
        model: "m",
        promptVersion: "v1",
        startedAt: "2020-01-01T00:00:00Z",
        endedAt: "2020-01-01T00:00:01Z",
        outcome: "success",
        costUsd: 0,
      },
    ]);
    expect(res.accepted).toBe(1);
    expect(await projectHasRuns(db, created.id)).toBe(true);
  });
});
