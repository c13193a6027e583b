// Prepares a fresh database for an end-to-end run BEFORE the server starts (scripts/e2e.mjs runs
// this with tsx): migrations, projects `e2e`, `e2e-other`, `e2e-channels`, `rules-lab` and `rollouts-lab`, API keys, the demo people as members
// of `e2e`, and an admin of `e2e-other` who is no member of `e2e`; project `e2e-fuzz` (the fuzz
// suite's own) with its key. Writes the fixtures JSON (e2e/support/fixtures.ts) to --out.
// The database is the server's: DATABASE_URL when set, else PGlite under KEEL_DATA_DIR.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../../lib/server/db/open";
import { createApiKey, ensureProject, ensureUserWithRole } from "../../lib/server/services/accounts";
import type { E2EFixtures, E2ERole, E2EUser } from "../support/fixtures";

const DEMO_PASSWORD = "keel-demo";
const PEOPLE: Record<keyof E2EFixtures["users"], E2ERole> = {
  admin: "admin",
  owner: "owner",
  sre: "sre",
  viewer: "viewer",
  dana: "owner",
};

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" }, "base-url": { type: "string" } } });
  if (!values.out || !values["base-url"]) throw new Error("usage: prepare.ts --out <fixtures.json> --base-url <url>");

  const url = process.env.DATABASE_URL?.trim();
  const dataDir = process.env.KEEL_DATA_DIR ? path.resolve(process.env.KEEL_DATA_DIR) : null;
  if (!url && !dataDir) throw new Error("set DATABASE_URL or KEEL_DATA_DIR");
  const db = url
    ? await openDatabase({ kind: "postgres", url, poolSize: 2 })
    : await openDatabase({
        kind: "pglite",
        dir: path.join(dataDir!, "pglite"),
        lock: { dataDir: dataDir!, role: "cli" },
      });
  try {
    const { prisma } = db;
    const { project: main } = await ensureProject(db, "E2E");
    const { project: other } = await ensureProject(db, "E2E Other");

    const key = async (projectId: string, scopes: ("ingest" | "read")[], name: string) =>
      (await createApiKey(db, { projectId, scopes, name })).key;
    const revoked = await createApiKey(db, { projectId: main.id, scopes: ["ingest", "read"], name: "e2e revoked" });
    await prisma.apiKey.update({ where: { id: revoked.record.id }, data: { revokedAt: new Date() } });

    // KPI rules' own project (kpi-rules.spec starts from its empty list; the permission table
    // creates rules in `e2e` at the same time): the same people, in the same roles.
    const { project: rules } = await ensureProject(db, "Rules Lab");
    // Progressive rollout's own project (rollouts.spec starts from no stage and knows every run),
    // the same people in the same roles; its key may send the spec's 1,100 runs at once.
    const { project: rollouts } = await ensureProject(db, "Rollouts Lab");
    // Governance's own project (governance.spec starts from no runbook, risk or owner), same people.
    const { project: governance } = await ensureProject(db, "Governance Lab");
    // The Guardrails page's own project (guardrails.spec starts from no runs and knows every run).
    const { project: guardrails } = await ensureProject(db, "Guardrails Lab");
    // Workflow budgets' own project (budgets.spec starts from no budget), the same people and roles.
    const { project: budgets } = await ensureProject(db, "Budgets Lab");
    const users = {} as E2EFixtures["users"];
    for (const [who, role] of Object.entries(PEOPLE) as [keyof E2EFixtures["users"], E2ERole][]) {
      const user: E2EUser = { email: `${who}@keel.local`, password: DEMO_PASSWORD, role };
      await ensureUserWithRole(db, { ...user, projectId: main.id, resetPassword: true });
      await ensureUserWithRole(db, { ...user, projectId: rules.id });
      await ensureUserWithRole(db, { ...user, projectId: rollouts.id });
      await ensureUserWithRole(db, { ...user, projectId: governance.id });
      await ensureUserWithRole(db, { ...user, projectId: guardrails.id });
      await ensureUserWithRole(db, { ...user, projectId: budgets.id });
      users[who] = user;
    }

    // Another project's admin: may do everything in `e2e-other`, nothing in `e2e` (a stranger there).
    const otherAdmin: E2EUser = { email: "other-admin@keel.local", password: DEMO_PASSWORD, role: "admin" };
    await ensureUserWithRole(db, { ...otherAdmin, projectId: other.id, resetPassword: true });
    // Notification channels' own project (channels.spec empties its channel list): alerts and the
    // permission table in `e2e` never meet its channels, nor it theirs. Its admin is otherAdmin.
    const { project: channels } = await ensureProject(db, "E2E Channels");
    await ensureUserWithRole(db, { ...otherAdmin, projectId: channels.id });

    // The fuzz suite's own project; its key may send as fast as the server lets it.
    const { project: fuzz } = await ensureProject(db, "E2E Fuzz");
    const unlimited = { ingestRatePerSecond: 10_000, ingestBurst: 100_000 };
    await prisma.projectSettings.upsert({ where: { projectId: fuzz.id }, update: unlimited, create: { projectId: fuzz.id, ...unlimited } });
    await prisma.projectSettings.upsert({ where: { projectId: rollouts.id }, update: unlimited, create: { projectId: rollouts.id, ...unlimited } });

    const fixtures: E2EFixtures = {
      baseURL: values["base-url"],
      db: db.kind,
      dataDir: url ? null : dataDir,
      projects: {
        main: { id: main.id, slug: main.slug, name: main.name },
        other: { id: other.id, slug: other.slug, name: other.name },
        channels: { id: channels.id, slug: channels.slug, name: channels.name },
        rules: { id: rules.id, slug: rules.slug, name: rules.name },
        rollouts: { id: rollouts.id, slug: rollouts.slug, name: rollouts.name },
        governance: { id: governance.id, slug: governance.slug, name: governance.name },
        guardrails: { id: guardrails.id, slug: guardrails.slug, name: guardrails.name },
        budgets: { id: budgets.id, slug: budgets.slug, name: budgets.name },
      },
      keys: {
        ingestRead: await key(main.id, ["ingest", "read"], "e2e ingest+read"),
        readOnly: await key(main.id, ["read"], "e2e read"),
        ingestOnly: await key(main.id, ["ingest"], "e2e ingest"),
        revoked: revoked.key,
        other: await key(other.id, ["ingest", "read"], "e2e-other ingest+read"),
        rules: await key(rules.id, ["ingest", "read"], "rules-lab ingest+read"),
        rollouts: await key(rollouts.id, ["ingest", "read"], "rollouts-lab ingest+read"),
        governance: await key(governance.id, ["ingest", "read"], "governance-lab ingest+read"),
        guardrails: await key(guardrails.id, ["ingest", "read"], "guardrails-lab ingest+read"),
        budgets: await key(budgets.id, ["ingest", "read"], "budgets-lab ingest+read"),
      },
      users,
      fuzz: { project: { id: fuzz.id, slug: fuzz.slug, name: fuzz.name }, key: await key(fuzz.id, ["ingest", "read"], "e2e-fuzz ingest+read") },
      otherAdmin,
    };
    writeFileSync(values.out, JSON.stringify(fixtures, null, 2) + "\n", { mode: 0o600 });
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(`[e2e prepare] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
