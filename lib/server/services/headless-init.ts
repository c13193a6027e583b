import "server-only";
// CONTRACT §1 headless start: KEEL_INIT_PROJECT, KEEL_INIT_API_KEY (ingest+read),
// KEEL_INIT_ADMIN_EMAIL / KEEL_INIT_ADMIN_PASSWORD create what is missing. Idempotent: the same
// values again change nothing (an existing admin's password is not reset).
import type { Db } from "../db/handle";
import { ensureApiKey, ensureProject, ensureUserWithRole } from "./accounts";

export interface HeadlessInitResult {
  project?: { slug: string; created: boolean };
  apiKeyCreated?: boolean;
  adminCreated?: boolean;
}

export async function applyHeadlessInit(
  db: Db,
  env: Record<string, string | undefined>,
): Promise<HeadlessInitResult> {
  const name = env.KEEL_INIT_PROJECT?.trim();
  const key = env.KEEL_INIT_API_KEY?.trim();
  const email = env.KEEL_INIT_ADMIN_EMAIL?.trim();
  const password = env.KEEL_INIT_ADMIN_PASSWORD ?? "";
  const result: HeadlessInitResult = {};
  if (!name) {
    if (key || email) console.warn("[keel] KEEL_INIT_API_KEY / KEEL_INIT_ADMIN_* need KEEL_INIT_PROJECT; ignored");
    return result;
  }
  const { project, created } = await ensureProject(db, name);
  result.project = { slug: project.slug, created };
  if (key) {
    const r = await ensureApiKey(db, { projectId: project.id, key, scopes: ["ingest", "read"], name: "KEEL_INIT_API_KEY" });
    result.apiKeyCreated = r.created;
  }
  if (email) {
    if (!password) throw new Error("KEEL_INIT_ADMIN_EMAIL is set but KEEL_INIT_ADMIN_PASSWORD is empty");
    const r = await ensureUserWithRole(db, { email, password, projectId: project.id, role: "admin" });
    result.adminCreated = r.created;
  }
  if (created || result.apiKeyCreated || result.adminCreated)
    console.log(`[keel] headless init: project '${project.slug}' ready`);
  return result;
}
