// `keel demo`: loads project demo on demand; refuses when it already has runs; --reset reloads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { authenticateApiKey } from "@/lib/server/http/api-key-auth";
import { cliTargetKinds, createCliTarget, runCliInProcess, type CliTarget } from "./cli-harness";

// Every test runs the CLI (in this process: runKeel) and loads the demo, several seconds each on a
// loaded 2-core machine.
const CLI_TEST_TIMEOUT_MS = 300_000;

function bannerKey(stdout: string): string {
  const lines = stdout.split("\n");
  const at = lines.findIndex((l) => l.includes("Demo API key"));
  return lines[at + 1]?.replace("[keel]", "").trim() ?? "";
}

describe.each(cliTargetKinds())("keel demo on %s", (kind) => {
  let target: CliTarget;
  let firstKey = "";
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await target.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const demoCounts = () =>
    withDb(async (db) => ({
      runs: await db.prisma.run.count({ where: { project: { slug: "demo" } } }),
      incidents: await db.prisma.incident.count({ where: { project: { slug: "demo" } } }),
      fixItems: await db.prisma.fixItem.count({ where: { project: { slug: "demo" } } }),
      keys: await db.prisma.apiKey.count({ where: { project: { slug: "demo" } } }),
      projects: await db.prisma.project.count({ where: { slug: "demo" } }),
    }));

  beforeAll(async () => {
    target = await createCliTarget(kind);
  });
  afterAll(async () => {
    await target?.cleanup();
  });

  it("loads the demo into project demo and prints the sign-in and a working key", async () => {
    const res = await runCliInProcess(["demo"], { ...target.env, PORT: "3302" });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Sign in at http://localhost:3302/signin");
    expect(res.stdout).toContain("admin@keel.local / keel-demo");
    firstKey = bannerKey(res.stdout);
    expect(firstKey).toMatch(/^keel_[A-Za-z0-9_-]{43}$/);
    const counts = await demoCounts();
    expect(counts.runs).toBeGreaterThanOrEqual(6000);
    expect(counts).toMatchObject({ incidents: 1, fixItems: 4, keys: 1, projects: 1 });
    await withDb(async (db) => expect((await authenticateApiKey(db, firstKey))?.project.slug).toBe("demo"));
  }, CLI_TEST_TIMEOUT_MS);

  it("refuses to load twice, with exit 1 and a message naming --reset", async () => {
    const before = await demoCounts();
    const res = await runCliInProcess(["demo"], target.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `keel: error: project 'demo' already has ${before.runs} runs; nothing loaded. ` +
        `Use 'keel demo --reset' to delete it and load the demo afresh.\n`,
    );
    expect(await demoCounts()).toEqual(before);
  }, CLI_TEST_TIMEOUT_MS);

  it("--reset deletes project demo and loads it afresh", async () => {
    const res = await runCliInProcess(["demo", "--reset"], target.env);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("Deleted project 'demo'.");
    const counts = await demoCounts();
    expect(counts).toMatchObject({ incidents: 1, fixItems: 4, keys: 1, projects: 1 });
    const key = bannerKey(res.stdout);
    await withDb(async (db) => {
      expect(await authenticateApiKey(db, firstKey)).toBeNull();
      expect((await authenticateApiKey(db, key))?.project.slug).toBe("demo");
    });
  }, CLI_TEST_TIMEOUT_MS);
});
