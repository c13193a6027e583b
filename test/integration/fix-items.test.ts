// Fix items on a real database: create/update with history, owner membership, filters, overdue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { findActiveFixItems, fixItemKey, getFixItem, listFixItems } from "@/lib/server/queries/fix-items";
import { createFixItem, updateFixItem } from "@/lib/server/services/fix-items";
import { HttpError } from "@/lib/server/http/errors";
import { can, ROLES } from "@/lib/shared/permissions";
import { utcToday } from "@/lib/shared/fix-items";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

async function expectHttpError(p: Promise<unknown>, status: number, path?: string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HttpError);
  expect((err as HttpError).status).toBe(status);
  if (path) expect((err as HttpError).issues?.map((i) => i.path)).toEqual([path]);
}

const daysFromToday = (n: number) => new Date(Date.parse(`${utcToday()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("only owners and admins may write fix items (permission table)", () => {
  it.each(ROLES)("%s", (role) => {
    expect(can(role, "fix-items:write")).toBe(role === "owner" || role === "admin");
    expect(can(role, "fix-items:read")).toBe(true);
  });
});

describe.each(testDatabases())("fix items on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;
  let ownerId: string;
  let ownerEmail: string;
  let danaEmail: string;
  let outsiderEmail: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "fix")).id;
    otherProjectId = (await createTestProject(db, "fixo")).id;
    ownerEmail = `${uniqueSlug("owner")}@keel.test`;
    danaEmail = `${uniqueSlug("dana")}@keel.test`;
    outsiderEmail = `${uniqueSlug("out")}@keel.test`;
    ownerId = (await ensureUserWithRole(db, { email: ownerEmail, password: "pw-12345678", name: "Olive Owner", projectId, role: "owner" })).user.id;
    await ensureUserWithRole(db, { email: danaEmail, password: "pw-12345678", name: "Dana", projectId, role: "viewer" });
    await ensureUserWithRole(db, { email: outsiderEmail, password: "pw-12345678", projectId: otherProjectId, role: "owner" });
  });
  afterAll(async () => db?.close());

  it("creates an item, answers the contract's shape, and records history and audit", async () => {
    const item = await createFixItem(db, projectId, ownerId, {
      category: "tool_error",
      reason: "ticketing API timeout",
      owner: danaEmail.toUpperCase(),
      dueDate: "2030-01-31",
    });
    expect(item).toEqual({
      id: expect.any(String),
      category: "tool_error",
      reason: "ticketing API timeout",
      owner: danaEmail,
      ownerName: "Dana",
      dueDate: "2030-01-31",
      status: "open",
      notes: null,
      overdue: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const full = await getFixItem(db, projectId, item.id);
    expect(full.history.map((h) => [h.field, h.oldValue, h.newValue, h.actor])).toEqual([
      ["category", null, "tool_error", ownerEmail],
      ["reason", null, "ticketing API timeout", ownerEmail],
      ["owner", null, danaEmail, ownerEmail],
      ["dueDate", null, "2030-01-31", ownerEmail],
      ["status", null, "open", ownerEmail],
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetId: item.id } });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([["fix_item.create", ownerId]]);
  });

  it("records one history row per changed field, old → new, and ignores unchanged fields", async () => {
    const item = await createFixItem(db, projectId, ownerId, {
      category: "model_failure",
      reason: "hallucinated order id",
      owner: ownerEmail,
      dueDate: "2030-02-01",
    });
    const updated = await updateFixItem(db, projectId, ownerId, item.id, {
      owner: danaEmail,
      status: "in_progress",
      dueDate: "2030-02-01", // unchanged: no history row
      notes: "RCA: prompt lacks the order lookup tool",
    });
    expect(updated).toMatchObject({ owner: danaEmail, status: "in_progress", dueDate: "2030-02-01", notes: "RCA: prompt lacks the order lookup tool" });
    const full = await getFixItem(db, projectId, item.id);
    const edits = full.history.filter((h) => h.oldValue !== null || h.field === "notes");
    expect(edits.map((h) => [h.field, h.oldValue, h.newValue])).toEqual([
      ["owner", ownerEmail, danaEmail],
      ["status", "open", "in_progress"],
      ["notes", null, "RCA: prompt lacks the order lookup tool"],
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetId: item.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["fix_item.create", "fix_item.update"]);
    expect(audit[1].before).toEqual({ owner: ownerEmail, status: "open", notes: null });
    expect(audit[1].after).toEqual({ owner: danaEmail, status: "in_progress", notes: "RCA: prompt lacks the order lookup tool" });

    // A PATCH that changes nothing writes nothing.
    const before = full.history.length;
    await updateFixItem(db, projectId, ownerId, item.id, { status: "in_progress" });
    expect((await getFixItem(db, projectId, item.id)).history.length).toBe(before);
  });

  it("refuses an owner who is not a member of the project, naming `owner`", async () => {
    await expectHttpError(
      createFixItem(db, projectId, ownerId, { category: "tool_error", reason: "x", owner: outsiderEmail, dueDate: "2030-01-01" }),
      400,
      "owner",
    );
    await expectHttpError(
      createFixItem(db, projectId, ownerId, { category: "tool_error", reason: "x", owner: "nobody@keel.test", dueDate: "2030-01-01" }),
      400,
      "owner",
    );
  });

  it("hides another project's items (404)", async () => {
    const other = await createFixItem(db, otherProjectId, ownerId, { category: "tool_error", reason: "y", owner: outsiderEmail, dueDate: "2030-01-01" });
    await expectHttpError(getFixItem(db, projectId, other.id), 404);
    await expectHttpError(updateFixItem(db, projectId, ownerId, other.id, { status: "fixed" }), 404);
    expect((await listFixItems(db, projectId, {})).some((i) => i.id === other.id)).toBe(false);
  });

  it("filters by owner, status, category and overdue (due before today UTC, open or in progress)", async () => {
    const p = (await createTestProject(db, "fixf")).id;
    await ensureUserWithRole(db, { email: ownerEmail, password: "x", projectId: p, role: "owner" });
    await ensureUserWithRole(db, { email: danaEmail, password: "x", projectId: p, role: "owner" });
    const mk = (reason: string, owner: string, dueDate: string, status: "open" | "in_progress" | "fixed" | "wont_fix", category: "tool_error" | "context_failure" = "tool_error") =>
      createFixItem(db, p, ownerId, { reason, owner, dueDate, status, category });
    await mk("late-open", danaEmail, daysFromToday(-1), "open");
    await mk("late-progress", ownerEmail, daysFromToday(-3), "in_progress", "context_failure");
    await mk("late-fixed", danaEmail, daysFromToday(-5), "fixed");
    await mk("due-today", danaEmail, daysFromToday(0), "open");
    await mk("future", ownerEmail, daysFromToday(7), "wont_fix", "context_failure");

    const reasons = async (f: Parameters<typeof listFixItems>[2]) => (await listFixItems(db, p, f)).map((i) => i.reason);
    expect(await reasons({})).toEqual(["late-fixed", "late-progress", "late-open", "due-today", "future"]);
    expect(await reasons({ overdue: true })).toEqual(["late-progress", "late-open"]);
    expect(await reasons({ overdue: false })).toEqual(["late-fixed", "due-today", "future"]);
    expect(await reasons({ owner: danaEmail })).toEqual(["late-fixed", "late-open", "due-today"]);
    expect(await reasons({ ownerEmail: danaEmail, overdue: true })).toEqual(["late-open"]);
    expect(await reasons({ status: "open" })).toEqual(["late-open", "due-today"]);
    expect(await reasons({ status: "fixed", overdue: true })).toEqual([]);
    expect(await reasons({ category: "context_failure" })).toEqual(["late-progress", "future"]);
    expect((await listFixItems(db, p, { overdue: true })).every((i) => i.overdue)).toBe(true);

    const active = await findActiveFixItems(db, p, [
      { category: "tool_error", reason: "late-open" },
      { category: "tool_error", reason: "late-fixed" },
      { category: "context_failure", reason: "late-open" },
    ]);
    expect([...active.keys()]).toEqual([fixItemKey("tool_error", "late-open")]);
  });
});
