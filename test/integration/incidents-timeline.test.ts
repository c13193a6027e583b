// An incident's timeline (incident_events): opened, commander, notes, status / severity changes
// and runs linked, in order, with who did each; the commander picked by email or user id (a
// non-member is a 400 naming the field); the audit trail names the incident.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { HttpError } from "@/lib/server/http/errors";
import { ingestRuns } from "@/lib/server/ingest";
import { getIncident, listIncidentCommanders } from "@/lib/server/queries/incidents";
import { listAuditEntries } from "@/lib/server/queries/settings";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { addIncidentNote, createIncident, linkIncidentRuns, updateIncident } from "@/lib/server/services/incidents";
import { addNoteSchema, createIncidentSchema, updateIncidentSchema } from "@/lib/shared/incidents";
import { createTestProject, testDatabases, uniqueSlug } from "../helpers/db";

const T0 = Date.parse("2026-10-05T10:00:00.000Z");
const run = (id: string, i: number) => ({
  id,
  sessionId: `s-${i}`,
  workflow: "refund",
  model: "gpt-4.1",
  promptVersion: "v1",
  startedAt: new Date(T0 + i * 1000).toISOString(),
  endedAt: new Date(T0 + i * 1000 + 500).toISOString(),
  outcome: "failure",
  failure: { category: "tool_error", reason: "ticketing API timeout" },
  costUsd: 0.01,
  toolCalls: [],
});

async function httpError(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error("expected an HttpError");
}

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => [i.path.join("."), i.message]);

describe("incident note and commander schemas", () => {
  it("a note needs text, at most 5000 characters, nothing else", () => {
    expect(issuesOf(addNoteSchema.safeParse({ body: "   " }))).toEqual([["body", "write something"]]);
    expect(issuesOf(addNoteSchema.safeParse({ body: "x".repeat(5001) }))).toEqual([["body", "at most 5000 characters"]]);
    expect(issuesOf(addNoteSchema.safeParse({}))?.[0]?.[0]).toBe("body");
    expect(addNoteSchema.safeParse({ body: "  <b>hi</b>  " })).toEqual({ success: true, data: { body: "<b>hi</b>" } });
  });
  it("ownerEmail and ownerId are exclusive", () => {
    expect(issuesOf(updateIncidentSchema.safeParse({ ownerEmail: "a@b.co", ownerId: "u1" }))).toEqual([["ownerId", "give ownerEmail or ownerId, not both"]]);
    expect(issuesOf(createIncidentSchema.safeParse({ title: "t", severity: "SEV2", ownerEmail: "a@b.co", ownerId: "u1" }))).toEqual([
      ["ownerId", "give ownerEmail or ownerId, not both"],
    ]);
    expect(issuesOf(updateIncidentSchema.safeParse({ ownerEmail: "not-an-email" }))?.[0]?.[0]).toBe("ownerEmail");
  });
});

describe.each(testDatabases())("incident timeline on $name", (target) => {
  let db: Database;
  let projectId: string;
  let sre: { id: string; email: string };
  let owner: { id: string; email: string };
  let outsider: { id: string; email: string };

  beforeAll(async () => {
    db = await target.open();
    projectId = (await createTestProject(db, "inctl")).id;
    const otherProjectId = (await createTestProject(db, "inctl-other")).id;
    const tag = uniqueSlug("u");
    const mk = async (who: string, pid: string, role: "sre" | "owner", name: string) => {
      const email = `${who}-${tag}@t.local`;
      const { user } = await ensureUserWithRole(db, { email, password: "pw-12345678", name, projectId: pid, role });
      return { id: user.id, email };
    };
    sre = await mk("sre", projectId, "sre", "Sam Sre");
    owner = await mk("owner", projectId, "owner", "Olive Owner");
    outsider = await mk("out", otherProjectId, "owner", "Otto Outsider");
    await ingestRuns(db, projectId, [run("t1", 1), run("t2", 2), run("t3", 3)]);
    await ingestRuns(db, otherProjectId, [run("x1", 1)]);
  });
  afterAll(async () => db?.close());

  it("lists the project's members as commanders, by email, with their role", async () => {
    const members = await listIncidentCommanders(db, projectId);
    expect(members.map((m) => [m.email, m.name, m.role])).toEqual(
      [
        [owner.email, "Olive Owner", "owner"],
        [sre.email, "Sam Sre", "sre"],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
  });

  it("a commander who is not a member is a 400 naming the field (email or id); nothing changes", async () => {
    const byEmail = await httpError(createIncident(db, projectId, { userId: sre.id }, { title: "x", severity: "SEV3", ownerEmail: outsider.email }));
    expect([byEmail.status, byEmail.issues]).toEqual([400, [{ path: "ownerEmail", message: "not a member of this project" }]]);
    const byId = await httpError(createIncident(db, projectId, { userId: sre.id }, { title: "x", severity: "SEV3", ownerId: outsider.id }));
    expect([byId.status, byId.issues]).toEqual([400, [{ path: "ownerId", message: "not a member of this project" }]]);
    const unknownId = await httpError(createIncident(db, projectId, { userId: sre.id }, { title: "x", severity: "SEV3", ownerId: "no-such-user" }));
    expect(unknownId.issues).toEqual([{ path: "ownerId", message: "not a member of this project" }]);
    expect(await db.prisma.incident.count({ where: { projectId } })).toBe(0);
  });

  it("keeps the timeline in order: opened, commander, note, severity, runs linked, status", async () => {
    const inc = await createIncident(db, projectId, { userId: sre.id }, {
      title: "Ticketing timeouts",
      severity: "SEV2",
      failureCategory: "tool_error",
      failureReason: "ticketing API timeout",
    });
    await updateIncident(db, projectId, inc.number, { userId: sre.id }, { ownerId: owner.id });
    const withNote = await addIncidentNote(db, projectId, inc.number, { userId: sre.id }, "Vendor status page says degraded.\n<script>alert(1)</script>");
    await updateIncident(db, projectId, inc.number, { userId: sre.id }, { severity: "SEV1" });
    await linkIncidentRuns(db, projectId, inc.number, { userId: sre.id }, ["t2", "t1"]);
    // Linking the same runs again adds no event.
    await linkIncidentRuns(db, projectId, inc.number, { userId: sre.id }, ["t1"]);
    // Setting the same commander again (by email this time) changes nothing.
    await updateIncident(db, projectId, inc.number, { userId: sre.id }, { ownerEmail: owner.email.toUpperCase() });
    await updateIncident(db, projectId, inc.number, { userId: owner.id }, { status: "mitigated", ownerEmail: null });

    expect(withNote.timeline.at(-1)).toMatchObject({ kind: "note", body: "Vendor status page says degraded.\n<script>alert(1)</script>" });
    const detail = (await getIncident(db, projectId, inc.number))!;
    expect(detail.owner).toBeNull();
    const sam = { email: sre.email, name: "Sam Sre" };
    const olive = { email: owner.email, name: "Olive Owner" };
    expect(detail.timeline.map((e) => [e.kind, e.actor, e.body, e.payload])).toEqual([
      ["opened", sam, null, { title: "Ticketing timeouts", severity: "SEV2", failureCategory: "tool_error", failureReason: "ticketing API timeout" }],
      ["owner", sam, null, { from: null, to: olive }],
      ["note", sam, "Vendor status page says degraded.\n<script>alert(1)</script>", null],
      ["severity", sam, null, { from: "SEV2", to: "SEV1" }],
      ["runs_linked", sam, null, { runIds: ["t2", "t1"] }],
      ["status", olive, null, { from: "open", to: "mitigated" }],
      ["owner", olive, null, { from: olive, to: null }],
    ]);
    const at = detail.timeline.map((e) => Date.parse(e.at));
    expect([...at].sort((a, b) => a - b)).toEqual(at);

    // The audit trail names the incident (number and title), never just its id.
    const entries = (await listAuditEntries(db, projectId)).filter((e) => e.targetType === "incident");
    expect(entries.map((e) => [e.action, e.targetLabel])).toEqual([
      ["incident.update", "#1 Ticketing timeouts"],
      ["incident.link_runs", "#1 Ticketing timeouts"],
      ["incident.update", "#1 Ticketing timeouts"],
      ["incident.note", "#1 Ticketing timeouts"],
      ["incident.update", "#1 Ticketing timeouts"],
      ["incident.open", "#1 Ticketing timeouts"],
    ]);
    expect(entries[0].after).toEqual({ status: "mitigated", ownerEmail: null });
    expect(entries[3].after).toEqual({ number: 1, title: "Ticketing timeouts", length: 59 });
  });

  it("a note on an unknown incident is a 404; another project's incident is not found either", async () => {
    expect((await httpError(addIncidentNote(db, projectId, 999, { userId: sre.id }, "hi"))).status).toBe(404);
  });

  it("an incident written without the service (demo data) still starts its timeline with 'opened'", async () => {
    const row = await db.prisma.incident.create({
      data: { projectId, number: 50, title: "Imported", severity: "SEV3", createdById: owner.id, openedAt: new Date(T0) },
    });
    const detail = (await getIncident(db, projectId, 50))!;
    expect(detail.timeline).toEqual([
      {
        id: "opened",
        kind: "opened",
        at: new Date(T0).toISOString(),
        actor: { email: owner.email, name: "Olive Owner" },
        body: null,
        payload: { title: "Imported", severity: "SEV3", failureCategory: null, failureReason: null },
      },
    ]);
    await db.prisma.incident.delete({ where: { id: row.id } });
  });
});
