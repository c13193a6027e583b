import "server-only";
// Memberships of a project: add, change role, remove (settings API), and the CLI's
// "make sure this person is a member" (keel user create, keel api-key create --member). Each
// change writes its audit_logs row in the same transaction; never a password.
import type { Database } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { transaction, type DbTx } from "../db/handle";
import { ensureUserWithRole, normaliseEmail } from "./accounts";
import { badRequest, HttpError, notFound } from "../http/errors";
import { memberSelect, toMemberItem } from "../queries/settings";
import { recordAudit } from "./audit";
import type { SettingsActor } from "./settings";
import type { Role } from "@/lib/shared/permissions";
import type { AddMemberInput, MemberItem } from "@/lib/shared/settings";

type Tx = DbTx;

const audit = (
  tx: Tx,
  projectId: string,
  actor: SettingsActor,
  entry: { action: string; targetType: string; targetId: string; before?: Prisma.InputJsonValue; after?: Prisma.InputJsonValue },
) => recordAudit(tx.prisma, { projectId, actor, ...entry });

const conflict = (message: string, path: string) => new HttpError(409, "conflict", message, [{ path, message }]);

/**
 * Adds an existing person, or creates one with `password` as their first password. A person who
 * is already a member is a conflict (change their role instead), so adding never silently demotes.
 */
export async function addMember(
  db: Database,
  projectId: string,
  input: AddMemberInput,
  actor: SettingsActor,
): Promise<{ member: MemberItem; createdUser: boolean }> {
  const email = normaliseEmail(input.email);
  return transaction(db, async (tx) => {
    const user = await tx.prisma.user.findUnique({ where: { email }, select: { id: true } });
    if (user) {
      const existing = await tx.prisma.membership.findUnique({ where: { projectId_userId: { projectId, userId: user.id } } });
      if (existing) throw conflict(`${email} is already a member (role '${existing.role}'); change their role instead`, "email");
    } else if (!input.password) {
      throw badRequest(`${email} has no account yet: give an initial password`, [
        { path: "password", message: "required for a person without an account" },
      ]);
    }
    const { user: saved, created } = await ensureUserWithRole(tx, {
      email,
      password: input.password ?? "",
      ...(input.name ? { name: input.name } : {}),
      projectId,
      role: input.role,
    });
    const row = await tx.prisma.membership.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId: saved.id } }, select: memberSelect });
    await audit(tx, projectId, actor, {
      action: "member.add",
      targetType: "membership",
      targetId: saved.id,
      after: { email, role: input.role, createdUser: created },
    });
    return { member: toMemberItem(row), createdUser: created };
  });
}

/**
 * Locks the project's admin memberships so two admins demoting each other at once cannot leave
 * the project without one; returns how many admins there are.
 */
async function lockAdmins(tx: Tx, projectId: string): Promise<number> {
  const rows = await tx.prisma.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM memberships WHERE "projectId" = ${projectId} AND role = 'admin' FOR UPDATE`;
  return rows.length;
}

async function findMembership(tx: Tx, projectId: string, userId: string) {
  const row = await tx.prisma.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: memberSelect });
  if (!row) throw notFound(`member '${userId}' not found`);
  return row;
}

const lastAdmin = (what: string) =>
  badRequest(`the last admin of a project cannot be ${what}: make someone else admin first`, [
    { path: "role", message: "the project must keep at least one admin" },
  ]);

export async function changeMemberRole(
  db: Database,
  projectId: string,
  userId: string,
  role: Role,
  actor: SettingsActor,
): Promise<MemberItem> {
  return transaction(db, async (tx) => {
    const admins = await lockAdmins(tx, projectId);
    const current = await findMembership(tx, projectId, userId);
    if (current.role === role) return toMemberItem(current);
    if (current.role === "admin" && admins <= 1) throw lastAdmin("demoted");
    const row = await tx.prisma.membership.update({
      where: { projectId_userId: { projectId, userId } },
      data: { role },
      select: memberSelect,
    });
    await audit(tx, projectId, actor, {
      action: "member.role_change",
      targetType: "membership",
      targetId: userId,
      before: { email: current.user.email, role: current.role },
      after: { email: current.user.email, role },
    });
    return toMemberItem(row);
  });
}

/** Removes the membership only; the person's account (and their other projects) stay. */
export async function removeMember(db: Database, projectId: string, userId: string, actor: SettingsActor): Promise<MemberItem> {
  return transaction(db, async (tx) => {
    const admins = await lockAdmins(tx, projectId);
    const current = await findMembership(tx, projectId, userId);
    if (current.role === "admin" && admins <= 1) throw lastAdmin("removed");
    await tx.prisma.membership.delete({ where: { projectId_userId: { projectId, userId } } });
    await audit(tx, projectId, actor, {
      action: "member.remove",
      targetType: "membership",
      targetId: userId,
      before: { email: current.user.email, role: current.role },
    });
    return toMemberItem(current);
  });
}


/**
 * The CLI's `user create`: creates the person if missing, gives them `role` in the project (adding
 * or changing the membership) and, with `resetPassword`, sets the password of an existing person.
 * Each of these that actually changes something writes its audit row.
 */
export async function ensureMember(
  db: Database,
  projectId: string,
  input: { email: string; password: string; name?: string; role: Role; resetPassword?: boolean },
  actor: SettingsActor,
): Promise<{ member: MemberItem; createdUser: boolean; previousRole: Role | null; passwordReset: boolean }> {
  const email = normaliseEmail(input.email);
  return transaction(db, async (tx) => {
    const before = await tx.prisma.user.findUnique({
      where: { email },
      select: { id: true, memberships: { where: { projectId }, select: { role: true } } },
    });
    const previousRole = before?.memberships[0]?.role ?? null;
    if (previousRole === "admin" && input.role !== "admin") {
      const admins = await lockAdmins(tx, projectId);
      if (admins <= 1) throw lastAdmin("demoted");
    }
    const { user, created } = await ensureUserWithRole(tx, {
      email,
      password: input.password,
      ...(input.name ? { name: input.name } : {}),
      projectId,
      role: input.role,
      resetPassword: input.resetPassword === true,
    });
    if (previousRole === null) {
      await audit(tx, projectId, actor, {
        action: "member.add",
        targetType: "membership",
        targetId: user.id,
        after: { email, role: input.role, createdUser: created },
      });
    } else if (previousRole !== input.role) {
      await audit(tx, projectId, actor, {
        action: "member.role_change",
        targetType: "membership",
        targetId: user.id,
        before: { email, role: previousRole },
        after: { email, role: input.role },
      });
    }
    const passwordReset = !created && input.resetPassword === true;
    if (passwordReset) {
      await audit(tx, projectId, actor, { action: "user.password_reset", targetType: "user", targetId: user.id, after: { email } });
    }
    const row = await tx.prisma.membership.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId: user.id } }, select: memberSelect });
    return { member: toMemberItem(row), createdUser: created, previousRole, passwordReset };
  });
}

/**
 * `keel api-key create --member EMAIL`: each existing person becomes `role` in the project unless
 * already a member (whose role is kept). All emails are checked before anything changes; an
 * unknown one fails the whole call naming it.
 */
export async function ensureExistingMembers(
  db: Database,
  projectId: string,
  emails: string[],
  role: Role,
  actor: SettingsActor,
): Promise<{ email: string; added: boolean; role: Role }[]> {
  const wanted = [...new Set(emails.map(normaliseEmail))];
  return transaction(db, async (tx) => {
    const users = await tx.prisma.user.findMany({
      where: { email: { in: wanted } },
      select: { id: true, email: true, memberships: { where: { projectId }, select: { role: true } } },
    });
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const missing = wanted.filter((e) => !byEmail.has(e));
    if (missing.length) {
      throw notFound(`no user with email ${missing.join(", ")}: create them first (keel user create)`);
    }
    const out: { email: string; added: boolean; role: Role }[] = [];
    for (const email of wanted) {
      const u = byEmail.get(email)!;
      const current = u.memberships[0]?.role;
      if (current) {
        out.push({ email, added: false, role: current });
        continue;
      }
      await tx.prisma.membership.create({ data: { projectId, userId: u.id, role } });
      await audit(tx, projectId, actor, {
        action: "member.add",
        targetType: "membership",
        targetId: u.id,
        after: { email, role, createdUser: false },
      });
      out.push({ email, added: true, role });
    }
    return out;
  });
}
