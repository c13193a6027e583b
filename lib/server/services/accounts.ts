import "server-only";
// Projects, people, memberships and API keys: the records that the CLI, headless init, the demo
// loader and the settings pages all create. One place, so every path hashes and validates alike.
import type { PrismaClient } from "../generated/prisma/client";
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

export async function ensureProject(prisma: PrismaClient, name: string) {
  const slug = slugify(name);
  const existing = await prisma.project.findUnique({ where: { slug } });
  if (existing) return { project: existing, created: false };
  const project = await prisma.project.upsert({
    where: { slug },
    update: {},
    create: { slug, name: name.trim() || slug, settings: { create: {} } },
  });
  return { project, created: true };
}

export async function createApiKey(
  prisma: PrismaClient,
  input: { projectId: string; scopes: Scope[]; name?: string; createdById?: string },
) {
  const { key, prefix, hash } = generateApiKey();
  const record = await prisma.apiKey.create({
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
  prisma: PrismaClient,
  input: { projectId: string; key: string; scopes: Scope[]; name: string },
) {
  const hash = hashApiKey(input.key);
  const existing = await prisma.apiKey.findUnique({ where: { hash } });
  if (existing) return { record: existing, created: false };
  const record = await prisma.apiKey.create({
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
  prisma: PrismaClient,
  input: { email: string; password: string; name?: string; projectId: string; role: Role; resetPassword?: boolean },
) {
  const email = normaliseEmail(input.email);
  let user = await prisma.user.findUnique({ where: { email } });
  let created = false;
  if (!user) {
    user = await prisma.user.create({
      data: { email, name: input.name ?? null, passwordHash: await hashPassword(input.password) },
    });
    created = true;
  } else if (input.resetPassword) {
    user = await prisma.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.password) },
    });
  }
  await prisma.membership.upsert({
    where: { projectId_userId: { projectId: input.projectId, userId: user.id } },
    update: { role: input.role },
    create: { projectId: input.projectId, userId: user.id, role: input.role },
  });
  return { user, created };
}
