// Notification channels and delivery (issue 15, CONTRACT §8) against a real local HTTP receiver:
// the exact PagerDuty, Slack and webhook bodies, a signature that verifies over the raw body,
// at-least-once delivery with one acknowledged delivery across a restart, Retry-After, routing by
// severity, and secrets that never come back. Time is injected; no sleeps.
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAudit } from "@/components/settings/audit-format";
import { openDatabase, type Database } from "@/lib/server/db/open";
import { HttpError } from "@/lib/server/http/errors";
import { getDelivery, listChannelDeliveries, listChannels } from "@/lib/server/queries/channels";
import { listAuditEntries } from "@/lib/server/queries/settings";
import { ensureUserWithRole } from "@/lib/server/services/accounts";
import { createChannel, deleteChannel, sendTestNotification, updateChannel } from "@/lib/server/services/channels";
import { backoffMs, runDeliveries } from "@/lib/server/services/deliveries";
import { enqueueNotification } from "@/lib/server/services/notifications";
import { createChannelSchema } from "@/lib/shared/channels";
import { createTestProject, testDatabases, uniqueSlug, type TestDbTarget } from "../helpers/db";
import { startReceiver, type Receiver } from "../helpers/receiver";

const T0 = new Date("2026-12-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const noJitter = { random: () => 0 };
/** This project's deliveries only: suites share the database, the worker does not care whose rows it sends. */
const scoped = (projectId: string, extra: object = {}) => ({ ...noJitter, only: { projectId }, ...extra });

describe.each(testDatabases())("notification channels on $name", (target: TestDbTarget) => {
  let db: Database;
  let rx: Receiver;
  beforeAll(async () => {
    db = await target.open();
    rx = await startReceiver();
  });
  afterAll(async () => {
    await rx?.close();
    await db?.close();
  });

  async function setup(handle: Database = db) {
    const project = await createTestProject(handle, "chan");
    const { user } = await ensureUserWithRole(handle, {
      email: `${uniqueSlug("admin")}@example.test`,
      password: "admin-password",
      projectId: project.id,
      role: "admin",
    });
    return { project, actor: { type: "user" as const, userId: user.id } };
  }
  const since = () => rx.received.length;
  const after = (n: number) => rx.received.slice(n);

  it("PagerDuty gets trigger then resolve with one dedup_key, severity mapped, taxonomy in class, tool in component, workflow in group", async () => {
    const { project, actor } = await setup();
    const ch = await createChannel(db, project.id, { type: "pagerduty", name: "On-call", url: `${rx.url}/pd`, routingKey: "R0UTINGKEY0000000000000000000abcd" }, actor);
    expect(ch.secret).toBeUndefined();
    const n = since();
    const alert = { projectId: project.id, dedupKey: "keel:alert-1", alertId: "alert-1", data: { workflow: "refund-request", tool: "ticketing.create", failureCategory: "tool_error" } };
    await enqueueNotification(db, { ...alert, type: "alert.firing", severity: "page", summary: "refund-request success rate burning 14.4x", now: T0 });
    await enqueueNotification(db, { ...alert, type: "alert.resolved", severity: "page", summary: "recovered", now: at(1000) });
    // The resolve waits while the trigger is pending: PagerDuty must never see them reversed.
    expect(await runDeliveries(db, at(2000), scoped(project.id))).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    expect(await runDeliveries(db, at(2000), scoped(project.id))).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    const got = after(n);
    expect(got.map((r) => r.path)).toEqual(["/pd", "/pd"]);
    expect(got[0]!.json).toEqual({
      routing_key: "R0UTINGKEY0000000000000000000abcd",
      event_action: "trigger",
      dedup_key: "keel:alert-1",
      payload: {
        summary: "refund-request success rate burning 14.4x",
        source: `keel/${project.slug}`,
        severity: "critical",
        timestamp: T0.toISOString(),
        class: "tool_error",
        component: "ticketing.create",
        group: "refund-request",
        custom_details: expect.objectContaining({ type: "alert.firing", alertId: "alert-1", workflow: "refund-request" }),
      },
      client: "Keel",
    });
    expect(got[1]!.json).toEqual({ routing_key: "R0UTINGKEY0000000000000000000abcd", event_action: "resolve", dedup_key: "keel:alert-1" });
    expect(got[0]!.headers["x-keel-signature"]).toBeUndefined();
    // A ticket maps to warning.
    await enqueueNotification(db, { ...alert, dedupKey: "keel:alert-2", type: "alert.firing", severity: "ticket", summary: "slow burn", now: at(3000) });
    await runDeliveries(db, at(3000), scoped(project.id));
    expect((after(n)[2]!.json.payload as { severity: string }).severity).toBe("warning");
  });

  it("Slack gets an incoming-webhook body: text and blocks", async () => {
    const { project, actor } = await setup();
    await createChannel(db, project.id, { type: "slack", name: "#agents-oncall", url: `${rx.url}/services/T000/B000/XXXX` }, actor);
    const n = since();
    await enqueueNotification(db, {
      projectId: project.id,
      type: "alert.firing",
      severity: "ticket",
      dedupKey: "k",
      summary: "tool latency <p95> & budget",
      data: { workflow: "refund-request", tool: "ticketing.create" },
      now: T0,
    });
    await runDeliveries(db, T0, scoped(project.id));
    const [got] = after(n);
    expect(got!.path).toBe("/services/T000/B000/XXXX");
    expect(got!.json).toEqual({
      text: "[Keel] Alert firing (ticket): tool latency <p95> & budget",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Alert firing (ticket)" } },
        { type: "section", text: { type: "mrkdwn", text: "tool latency &lt;p95&gt; &amp; budget" } },
        { type: "context", elements: [{ type: "mrkdwn", text: `project *${project.name}* · workflow \`refund-request\` · tool \`ticketing.create\`` }] },
      ],
    });
  });

  it("a webhook's signature verifies: HMAC-SHA256 of the raw body with the secret shown once", async () => {
    const { project, actor } = await setup();
    const ch = await createChannel(db, project.id, { type: "webhook", name: "Ops bus", url: `${rx.url}/hooks/keel?token=abc123` }, actor);
    expect(ch.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const n = since();
    const [id] = await enqueueNotification(db, { projectId: project.id, type: "release.rollback", severity: null, dedupKey: "rb-1", summary: "rolled back gpt-4.1@v13", data: { release: "gpt-4.1@v13" }, now: T0 });
    await runDeliveries(db, T0, scoped(project.id));
    const [got] = after(n);
    expect(got!.path).toBe("/hooks/keel?token=abc123");
    expect(got!.headers["x-keel-event"]).toBe("release.rollback");
    expect(got!.headers["x-keel-delivery"]).toBe(id);
    const expected = `sha256=${createHmac("sha256", ch.secret!).update(got!.raw).digest("hex")}`;
    expect(got!.headers["x-keel-signature"]).toBe(expected);
    expect(createHmac("sha256", "another secret").update(got!.raw).digest("hex")).not.toBe(expected.slice(7));
    expect(got!.json).toEqual({
      id,
      type: "release.rollback",
      project: project.slug,
      createdAt: T0.toISOString(),
      data: { summary: "rolled back gpt-4.1@v13", severity: null, dedupKey: "rb-1", alertId: null, release: "gpt-4.1@v13" },
    });
  });

  it("routes by severity: a page-only channel gets no tickets; events without a level go everywhere", async () => {
    const { project, actor } = await setup();
    const pageOnly = await createChannel(db, project.id, { type: "webhook", name: "pager", url: `${rx.url}/page`, severities: ["page"] }, actor);
    const both = await createChannel(db, project.id, { type: "webhook", name: "all", url: `${rx.url}/all` }, actor);
    const base = { projectId: project.id, dedupKey: "d", summary: "s", now: T0 };
    expect(await enqueueNotification(db, { ...base, type: "alert.firing", severity: "ticket" })).toHaveLength(1);
    expect(await enqueueNotification(db, { ...base, type: "alert.firing", severity: "page", dedupKey: "d2" })).toHaveLength(2);
    expect(await enqueueNotification(db, { ...base, type: "release.rollback", severity: null, dedupKey: "d3" })).toHaveLength(2);
    expect((await listChannelDeliveries(db, project.id, pageOnly.id))!.map((d) => d.dedupKey).sort()).toEqual(["d2", "d3"]);
    expect((await listChannelDeliveries(db, project.id, both.id))!.map((d) => d.dedupKey).sort()).toEqual(["d", "d2", "d3"]);
    const other = await setup();
    expect(await enqueueNotification(db, { ...base, projectId: other.project.id, type: "alert.firing", severity: "page" })).toEqual([]);
  });

  it("500 then 200: the receiver acknowledges exactly one delivery, same X-Keel-Delivery, across a restart between the attempts", async () => {
    // A restart = this handle closed, a new one opened on the same data (PGlite: the same data dir).
    const dir = target.name === "pglite" ? mkdtempSync(path.join(tmpdir(), "keel-chan-")) : null;
    const open = () => (dir ? openDatabase({ kind: "pglite", dir }) : target.open());
    let first: Database | null = await open();
    let second: Database | null = null;
    try {
      const { project, actor } = await setup(first);
      await createChannel(first, project.id, { type: "webhook", name: "flaky", url: `${rx.url}/flaky` }, actor);
      const n = since();
      const [id] = await enqueueNotification(first, { projectId: project.id, type: "alert.firing", severity: "page", dedupKey: "a", summary: "s", now: T0 });
      rx.script({ status: 500, body: "upstream down" });
      expect(await runDeliveries(first, T0, scoped(project.id))).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
      const pending = (await getDelivery(first, project.id, id!))!;
      expect(pending).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500: upstream down" });
      expect(pending.nextAttemptAt).toBe(at(backoffMs(1, () => 0)).toISOString());
      expect(backoffMs(1, () => 0)).toBe(5000);
      await first.close();
      first = null;

      second = await open();
      // Not due yet: nothing is sent before the backoff ends.
      expect((await runDeliveries(second, at(4999), scoped(project.id))).attempted).toBe(0);
      expect(await runDeliveries(second, at(5000), scoped(project.id))).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
      expect(await runDeliveries(second, at(3_600_000), scoped(project.id))).toMatchObject({ attempted: 0 });
      const got = after(n);
      expect(got.map((r) => r.headers["x-keel-delivery"])).toEqual([id, id]);
      expect(got[0]!.raw).toBe(got[1]!.raw);
      expect(got[0]!.headers["x-keel-signature"]).toBe(got[1]!.headers["x-keel-signature"]);
      expect(await getDelivery(second, project.id, id!)).toMatchObject({
        status: "delivered",
        attempts: 2,
        lastStatusCode: 200,
        lastError: null,
        deliveredAt: at(5000).toISOString(),
        nextAttemptAt: null,
      });
    } finally {
      await first?.close();
      await second?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
    // Two on-disk PGlite opens (migrations, fsync) take 20-45 s on a loaded 2-core machine.
  }, 150_000);

  it("429 with Retry-After: the next attempt waits exactly that long (seconds or an HTTP date)", async () => {
    const { project, actor } = await setup();
    await createChannel(db, project.id, { type: "slack", name: "rate limited", url: `${rx.url}/slow` }, actor);
    const n = since();
    const [id] = await enqueueNotification(db, { projectId: project.id, type: "alert.firing", severity: "page", dedupKey: "a", summary: "s", now: T0 });
    rx.script({ status: 429, headers: { "retry-after": "120" } }, { status: 429, headers: { "retry-after": at(120_000 + 600_000).toUTCString() } });
    await runDeliveries(db, T0, scoped(project.id));
    expect((await getDelivery(db, project.id, id!))!.nextAttemptAt).toBe(at(120_000).toISOString());
    expect((await runDeliveries(db, at(119_999), scoped(project.id))).attempted).toBe(0);
    expect(await runDeliveries(db, at(120_000), scoped(project.id))).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await getDelivery(db, project.id, id!))!.nextAttemptAt).toBe(at(720_000).toISOString());
    expect((await runDeliveries(db, at(719_999), scoped(project.id))).attempted).toBe(0);
    expect(await runDeliveries(db, at(720_000), scoped(project.id))).toMatchObject({ attempted: 1, delivered: 1 });
    expect(after(n)).toHaveLength(3);
  });

  it("gives up after the last attempt; a 4xx other than 408/409/425/429 fails at once; a hung receiver times out", async () => {
    const { project, actor } = await setup();
    await createChannel(db, project.id, { type: "webhook", name: "down", url: `${rx.url}/down` }, actor);
    const [id] = await enqueueNotification(db, { projectId: project.id, type: "alert.firing", severity: "page", dedupKey: "a", summary: "s", now: T0 });
    rx.script({ status: 503 }, { status: 502 }, { status: 500 });
    let now = T0;
    for (let i = 1; i <= 3; i++) {
      await runDeliveries(db, now, scoped(project.id, { maxAttempts: 3 }));
      now = at(10 * 3_600_000 * i);
    }
    expect(await getDelivery(db, project.id, id!)).toMatchObject({ status: "failed", attempts: 3, lastStatusCode: 500, lastError: "HTTP 500 (gave up after 3 attempts)" });

    const [gone] = await enqueueNotification(db, { projectId: project.id, type: "alert.firing", severity: "page", dedupKey: "b", summary: "s", now: T0 });
    rx.script({ status: 404, body: "no such hook" });
    await runDeliveries(db, T0, scoped(project.id));
    expect(await getDelivery(db, project.id, gone!)).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 404, lastError: "HTTP 404: no such hook" });

    const [hung] = await enqueueNotification(db, { projectId: project.id, type: "alert.firing", severity: "page", dedupKey: "c", summary: "s", now: T0 });
    rx.script({ status: 200, hang: true });
    expect(await runDeliveries(db, T0, scoped(project.id, { timeoutMs: 300 }))).toMatchObject({ attempted: 1, retrying: 1 });
    expect(await getDelivery(db, project.id, hung!)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "no answer within 300 ms" });
  });

  it("two workers at once send each delivery once", async () => {
    const { project, actor } = await setup();
    await createChannel(db, project.id, { type: "webhook", name: "busy", url: `${rx.url}/busy` }, actor);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(...(await enqueueNotification(db, { projectId: project.id, type: "alert.firing", severity: "page", dedupKey: `k${i}`, summary: "s", now: T0 })));
    const n = since();
    // PostgreSQL: a second handle (its own pool) is a second process; PGlite is one process.
    const other = target.name === "postgres" ? await target.open() : db;
    try {
      const opts = scoped(project.id, { batch: 5 });
      const runs = await Promise.all([runDeliveries(db, T0, opts), runDeliveries(other, T0, opts), runDeliveries(db, T0, opts)]);
      expect(runs.reduce((s, r) => s + r.attempted, 0)).toBe(12);
    } finally {
      if (other !== db) await other.close();
    }
    const sent = after(n).map((r) => r.headers["x-keel-delivery"] as string);
    expect(sent.sort()).toEqual([...ids].sort());
  });

  it("lists without secrets, audits without secrets, edits, tests, deletes; another project's channel is 404", async () => {
    const { project, actor } = await setup();
    const routingKey = "PDKEY-secret-0123456789-wxyz";
    const pd = await createChannel(db, project.id, { type: "pagerduty", name: "PD", routingKey }, actor);
    const hook = await createChannel(db, project.id, { type: "webhook", name: "Hook", url: `${rx.url}/hooks/very-secret-path-1234` }, actor);
    const slackUrl = "https://hooks.slack.com/services/T0001/B0001/SECRETSECRET9876";
    const slack = await createChannel(db, project.id, { type: "slack", name: "Slack", url: slackUrl, severities: ["page"] }, actor);
    const listed = await listChannels(db, project.id);
    expect(listed.map((c) => [c.name, c.type, c.urlHint, c.routingKeyHint, c.signed, c.severities])).toEqual([
      ["PD", "pagerduty", "https://events.pagerduty.com/…ueue", "…wxyz", false, ["page", "ticket"]],
      ["Hook", "webhook", `${rx.url}/…1234`, null, true, ["page", "ticket"]],
      ["Slack", "slack", "https://hooks.slack.com/…9876", null, false, ["page"]],
    ]);
    const trail = JSON.stringify([listed, await listAuditEntries(db, project.id)]);
    for (const secret of [routingKey, hook.secret!, slackUrl, "very-secret-path", "SECRETSECRET"]) expect(trail).not.toContain(secret);

    const renamed = await updateChannel(db, project.id, slack.id, { name: "Slack #oncall", severities: ["page", "ticket"] }, actor);
    expect(renamed).toMatchObject({ name: "Slack #oncall", severities: ["page", "ticket"], urlHint: "https://hooks.slack.com/…9876" });
    const rejected = await updateChannel(db, project.id, hook.id, { routingKey: "x" }, actor).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(HttpError);
    expect((rejected as HttpError).status).toBe(400);

    const n = since();
    const test = await sendTestNotification(db, project.id, hook.id, actor);
    expect(test).toMatchObject({ type: "test", status: "delivered", attempts: 1, lastStatusCode: 200, channelId: hook.id });
    expect(after(n).map((r) => [r.path, r.headers["x-keel-event"], r.headers["x-keel-delivery"]])).toEqual([["/hooks/very-secret-path-1234", "test", test.id]]);
    expect((await listChannels(db, project.id)).find((c) => c.id === hook.id)!.lastDelivery).toMatchObject({ status: "delivered" });

    const other = await setup();
    for (const call of [
      () => updateChannel(db, other.project.id, pd.id, { name: "x" }, other.actor),
      () => deleteChannel(db, other.project.id, pd.id, other.actor),
      () => sendTestNotification(db, other.project.id, pd.id, other.actor),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect((err as HttpError).status).toBe(404);
    }
    expect(await listChannelDeliveries(db, other.project.id, hook.id)).toBeNull();

    expect(await deleteChannel(db, project.id, pd.id, actor)).toEqual({ id: pd.id, name: "PD" });
    expect((await listChannels(db, project.id)).map((c) => c.name)).toEqual(["Hook", "Slack #oncall"]);
    const entries = (await listAuditEntries(db, project.id)).slice(0, 4);
    expect(entries.map((e) => e.action)).toEqual(["channel.delete", "channel.test", "channel.update", "channel.create"]);
    expect(entries.map(describeAudit)).toEqual([
      "Deleted pagerduty channel “PD”",
      "Sent a test notification to “Hook”",
      "Changed channel “Slack”: name, severities",
      "Added slack channel “Slack” (https://hooks.slack.com/…9876) for page alerts",
    ]);
  });
});

describe("channel input", () => {
  const issues = (body: unknown) => {
    const r = createChannelSchema.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };
  it("a URL that is not http(s) is refused naming url; a pagerduty channel needs a routing key; only pagerduty takes one", () => {
    expect(issues({ type: "webhook", name: "a", url: "ftp://example.com/x" })).toEqual(["url"]);
    expect(issues({ type: "slack", name: "a", url: "javascript:alert(1)" })).toEqual(["url"]);
    expect(issues({ type: "slack", name: "a" })).toEqual(["url"]);
    expect(issues({ type: "pagerduty", name: "a" })).toEqual(["routingKey"]);
    expect(issues({ type: "webhook", name: "a", url: "https://x.test/h", routingKey: "k" })).toEqual(["routingKey"]);
    expect(issues({ type: "webhook", name: "a", url: "https://x.test/h", severities: [] })).toEqual(["severities"]);
    expect(issues({ type: "email", name: "a", url: "https://x.test/h" })).toEqual(["type"]);
    expect(issues({ type: "pagerduty", name: "a", routingKey: "k" })).toEqual([]);
  });
});
