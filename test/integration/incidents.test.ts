// Incidents: per-project numbering (also under concurrency), owner checks, linking runs, the
// open → mitigated → resolved path with timestamps, audit rows, unhandled critical violations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { ingestRuns } from "@/lib/server/ingest";
import { getIncident, listIncidents, listRunIncidents, listUnhandledCriticalViolations } from "@/lib/server/queries/incidents";
import { createIncident, linkIncidentRuns, updateIncident } from "@/lib/server/services/incidents";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

const T0 = Date.parse("2026-10-05T10:00:00.000Z");
const run = (id: string, i: number, failure?: { category: string; reason: string; critical?: boolean }) => ({
  id,
  sessionId: `s-${i}`,
  workflow: "refund",
  model: "gpt-4.1",
  promptVersion: "v1",
  startedAt: new Date(T0 + i * 1000).toISOString(),
  endedAt: new Date(T0 + i * 1000 + 500).toISOString(),
  outcome: failure ? "failure" : "success",
  ...(failure ? { failure } : {}),
  costUsd: 0.01,
  toolCalls: [],
});

describe.each(testDatabases())("incidents on $name", (target) => {
  let db: Database;
  let projectId: string;
  let otherProjectId: string;
  let sreId: string;
  let ownerEmail: string;
  let outsiderEmail: string;

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "inc")).id;
    otherProjectId = (await createTestProject(db, "inc-other")).id;
    const tag = uniqueSlug("u");
    sreId = (await ensureUserWithRole(db, { email: `sre-${tag}@t.local`, password: "pw-12345678", projectId, role: "sre" })).user.id;
    ownerEmail = `owner-${tag}@t.local`;
    await ensureUserWithRole(db, { email: ownerEmail, password: "pw-12345678", projectId, role: "owner" });
    outsiderEmail = `out-${tag}@t.local`;
    await ensureUserWithRole(db, { email: outsiderEmail, password: "pw-12345678", projectId: otherProjectId, role: "owner" });
    await ingestRuns(db, projectId, [
      run("r1", 1, { category: "tool_error", reason: "ticketing API timeout" }),
      run("r2", 2, { category: "policy_violation", reason: "pii leaked", critical: true }),
      run("r3", 3, { category: "policy_violation", reason: "pii leaked", critical: true }),
      run("r4", 4),
    ]);
    await ingestRuns(db, otherProjectId, [run("x1", 1)]);
  });
  afterAll(async () => db?.close());

  it("opens incidents numbered per project, with owner, runs and an audit row", async () => {
    const inc = await createIncident(db, projectId, { userId: sreId }, {
      title: "Ticketing timeouts",
      severity: "SEV2",
      ownerEmail: ownerEmail.toUpperCase(),
      runIds: ["r1", "r1"],
      failureCategory: "tool_error",
      failureReason: "ticketing API timeout",
    });
    expect(inc).toMatchObject({
      number: 1,
      title: "Ticketing timeouts",
      severity: "SEV2",
      status: "open",
      owner: { email: ownerEmail },
      failureCategory: "tool_error",
      failureReason: "ticketing API timeout",
      mitigatedAt: null,
      resolvedAt: null,
      runCount: 1,
    });
    expect(inc.runs.map((r) => r.id)).toEqual(["r1"]);
    const other = await createIncident(db, otherProjectId, { userId: sreId }, { title: "elsewhere", severity: "SEV3" });
    expect(other.number).toBe(1);
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, targetId: inc.id } });
    expect(audit.map((a) => a.action)).toEqual(["incident.open"]);
    expect(audit[0].actorUserId).toBe(sreId);
  });

  it("gives concurrent opens distinct consecutive numbers", async () => {
    const made = await Promise.all(
      [1, 2, 3, 4].map((i) => createIncident(db, projectId, { userId: sreId }, { title: `c${i}`, severity: "SEV3" })),
    );
    expect(made.map((m) => m.number).sort((a, b) => a - b)).toEqual([2, 3, 4, 5]);
    expect((await listIncidents(db, projectId)).map((i) => i.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it("refuses an owner who is not a member and runs of another project, naming the field", async () => {
    await expect(
      createIncident(db, projectId, { userId: sreId }, { title: "x", severity: "SEV1", ownerEmail: outsiderEmail }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "ownerEmail", message: "not a member of this project" }] });
    await expect(
      createIncident(db, projectId, { userId: sreId }, { title: "x", severity: "SEV1", runIds: ["r2", "x1"] }),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: "runIds.1", message: "no run with this id in the project" }] });
    expect(await listIncidents(db, projectId)).toHaveLength(5);
  });

  it("moves open → mitigated → resolved with timestamps and refuses going back", async () => {
    const before = Date.now();
    const m = await updateIncident(db, projectId, 1, { userId: sreId }, { status: "mitigated", severity: "SEV1" });
    expect(m).toMatchObject({ status: "mitigated", severity: "SEV1", resolvedAt: null });
    expect(Date.parse(m.mitigatedAt!)).toBeGreaterThanOrEqual(before - 1000);
    const r = await updateIncident(db, projectId, 1, { userId: sreId }, { status: "resolved", ownerEmail: null });
    expect(r).toMatchObject({ status: "resolved", owner: null, mitigatedAt: m.mitigatedAt });
    expect(Date.parse(r.resolvedAt!)).toBeGreaterThanOrEqual(Date.parse(m.mitigatedAt!));
    await expect(updateIncident(db, projectId, 1, { userId: sreId }, { status: "open" })).rejects.toMatchObject({ status: 409 });
    await expect(updateIncident(db, projectId, 99, { userId: sreId }, { status: "resolved" })).rejects.toMatchObject({ status: 404 });
    const audit = await db.prisma.auditLog.findMany({ where: { projectId, action: "incident.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [{ status: "open", severity: "SEV2" }, { status: "mitigated", severity: "SEV1" }],
      [{ status: "mitigated", ownerEmail }, { status: "resolved", ownerEmail: null }],
    ]);
    const direct = await updateIncident(db, projectId, 2, { userId: sreId }, { status: "resolved" });
    expect(direct.mitigatedAt).toBe(direct.resolvedAt);
  });

  it("links more runs once and flags critical violations without an incident", async () => {
    const since = new Date(T0 - 3600_000);
    expect((await listUnhandledCriticalViolations(db, projectId, since)).map((r) => r.id)).toEqual(["r3", "r2"]);
    await linkIncidentRuns(db, projectId, 3, { userId: sreId }, ["r2"]);
    const linked = await linkIncidentRuns(db, projectId, 3, { userId: sreId }, ["r2", "r3"]);
    expect(linked.runs.map((r) => r.id)).toEqual(["r2", "r3"]);
    expect(linked.runCount).toBe(2);
    expect(await listUnhandledCriticalViolations(db, projectId, since)).toEqual([]);
    expect((await listRunIncidents(db, projectId, "r2")).map((i) => i.number)).toEqual([3]);
    expect(await getIncident(db, otherProjectId, 3)).toBeNull();
    expect((await listIncidents(db, projectId, { status: "resolved" })).map((i) => i.number)).toEqual([2, 1]);
  });
});
