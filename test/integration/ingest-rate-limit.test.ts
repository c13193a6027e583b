// The ingest rate limit reads each project's settings (ingestRatePerSecond, ingestBurst) and keeps
// one bucket per API key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { DEFAULT_INGEST_BURST, resetIngestRateLimits, takeIngestToken } from "@/lib/server/ingest/rate-limit";
import { createTestProject, testDatabases } from "@/test/helpers/db";

describe.each(testDatabases())("ingest rate limit on $name", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
    resetIngestRateLimits();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("uses the project's settings, per key", async () => {
    const project = await createTestProject(db, "rate");
    await db.prisma.projectSettings.update({ where: { projectId: project.id }, data: { ingestRatePerSecond: 0.5, ingestBurst: 2 } });
    const now = 1_000_000;
    expect(await takeIngestToken(db, project.id, "key-a", now)).toEqual({ ok: true });
    expect(await takeIngestToken(db, project.id, "key-a", now)).toEqual({ ok: true });
    expect(await takeIngestToken(db, project.id, "key-a", now)).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(await takeIngestToken(db, project.id, "key-b", now)).toEqual({ ok: true });
    expect(await takeIngestToken(db, project.id, "key-a", now + 2_000)).toEqual({ ok: true });
  });

  it("falls back to the defaults for a project without a settings row", async () => {
    const project = await db.prisma.project.create({ data: { slug: `rate-none-${Date.now()}`, name: "no settings" } });
    const now = 2_000_000;
    for (let i = 0; i < DEFAULT_INGEST_BURST; i++) expect((await takeIngestToken(db, project.id, "key-c", now)).ok).toBe(true);
    expect(await takeIngestToken(db, project.id, "key-c", now)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });
});
