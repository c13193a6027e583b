import "server-only";
// Projects, people, memberships and API keys: the records that the CLI, headless init, the demo
// loader and the settings pages all create. One place, so every path hashes and validates alike.
import type { DbOrTx } from "../db/handle";
import { generateApiKey, hashApiKey } from "../auth/api-keys";
import { hashPassword } from "../auth/password";
import type { Role, Scope } from "@/lib/shared/permissions";

/** "Checkout Agent" → "checkout-agent". Project names given on the CLI become their slug. */
export function slugify(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
  return slug || "project";
}

export async function ensureProject(db: DbOrTx, name: string) {
  const slug = slugify(name);
  const existing = await db.prisma.project.findUnique({ where: { slug } });
  if (existing) return { project: existing, created: false };
  const project = await db.prisma.project.upsert({
    where: { slug },
    update: {},
    create: { slug, name: name.trim() || slug, settings: { create: {} } },
  });
  return { project, created: true };
}

export async function createApiKey(
  db: DbOrTx,
  input: { projectId: string; scopes: Scope[]; name?: string; createdById?: string },
) {
  const { key, prefix, hash } = generateApiKey();
  const record = await db.prisma.apiKey.create({
    data: {
      projectId: input.projectId,
      name: input.name ?? "API key",
      prefix,
      hash,
      scopes: [...new Set(input.scopes)],
      ...(input.createdById ? { createdById: input.createdById } : {}),
    },
  });
  return { key, record };
}

/** Stores a key given from outside (KEEL_INIT_API_KEY) unless a key with that hash exists. */
export async function ensureApiKey(
  db: DbOrTx,
  input: { projectId: string; key: string; scopes: Scope[]; name: string },
) {
  const hash = hashApiKey(input.key);
  const existing = await db.prisma.apiKey.findUnique({ where: { hash } });
  if (existing) return { record: existing, created: false };
  const record = await db.prisma.apiKey.create({
    data: {
      projectId: input.projectId,
      name: input.name,
      prefix: input.key.slice(0, 12),
      hash,
      scopes: input.scopes,
    },
  });
  return { record, created: true };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates the person if missing (setting the password only then, unless `resetPassword`),
 * and gives them `role` in the project (updating an existing membership's role).
 */
export async function ensureUserWithRole(
  db: DbOrTx,
  input: { email: string; password: string; name?: string; projectId: string; role: Role; resetPassword?: boolean },
) {
  const email = normaliseEmail(input.email);
  let user = await db.prisma.user.findUnique({ where: { email } });
  let created = false;
  if (!user) {
    user = await db.prisma.user.create({
      data: { email, name: input.name ?? null, passwordHash: await hashPassword(input.password) },
    });
    created = true;
  } else if (input.resetPassword) {
    user = await db.prisma.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  await db.prisma.membership.upsert({
    where: { projectId_userId: { projectId: input.projectId, userId: user.id } },
    update: { role: input.role },
    create: { projectId: input.projectId, userId: user.id, role: input.role },
  });
  return { user, created };
}
