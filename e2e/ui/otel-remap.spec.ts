// The admin re-maps a fresh project's stored OpenTelemetry traces from Settings: nothing at first
// ("No re-map yet"), then a click shows the job's progress and its exact counts (a trace that
// built a run, a trace whose id is a native run, a trace still without its root span), the history
// row names who started it, and the audit log says it in words. A date in the future covers no
// trace. An SRE cannot open Settings at all (the app's 403 page).
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { toOtlpJson, type FixtureSpan } from "../../test/helpers/otlp";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow } from "../support/layout";

const SHOTS = "test-results/otel-ui";
const T0 = Math.floor((Date.now() - 60 * 60_000) / 1000) * 1000;
const admin = fixtures.users.admin.email;

declare global {
  interface Window {
    __remapProgress?: string[];
  }
}

function trace(opts: { withRoot: boolean; workflow: string }): { traceId: string; spans: FixtureSpan[] } {
  const traceId = randomBytes(16).toString("hex");
  const rootId = randomBytes(8).toString("hex");
  const tool: FixtureSpan = {
    traceId, spanId: randomBytes(8).toString("hex"), parentSpanId: rootId, name: "execute_tool kb.search", startMs: T0 + 100, endMs: T0 + 400,
    attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search" },
  };
  const root: FixtureSpan = {
    traceId, spanId: rootId, name: "invoke_agent", startMs: T0, endMs: T0 + 1000, attributes: { "keel.workflow": opts.workflow },
  };
  return { traceId, spans: opts.withRoot ? [root, tool] : [tool] };
}

/** A new project with an ingest key, made by the signed-in admin through the API the pages use. */
async function freshProject(api: APIRequestContext, tag: string): Promise<{ slug: string; key: string }> {
  const created = await api.post("/api/v1/projects", { data: { name: `Remap ${tag}` } });
  expect(created.status(), await created.text()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const key = await api.post(`/api/v1/settings/api-keys?project=${slug}`, { data: { name: "otel sender", scopes: ["ingest", "read"] } });
  expect(key.status(), await key.text()).toBe(201);
  return { slug, key: ((await key.json()) as { key: string }).key };
}

/** Records every progress text the page shows (a small job can finish between two polls). */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = (window.__remapProgress = []);
    new MutationObserver(() => {
      const text = document.querySelector('[role="progressbar"][aria-label="Re-map progress"]')?.getAttribute("aria-valuetext");
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test("admin re-maps a project's stored traces: empty, progress, exact counts, history, audit; a future date covers 0 traces", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  const tag = randomBytes(3).toString("hex");
  await signedIn(page, fixtures.users.admin, { callbackUrl: "/projects" });
  const { slug, key } = await freshProject(page.request, tag);
  const auth = { Authorization: `Bearer ${key}` };

  // Four stored traces: two make runs, one has the id of a run sent natively before, one lacks its root.
  const built = [trace({ withRoot: true, workflow: `remap-${tag}` }), trace({ withRoot: true, workflow: `remap-${tag}` })];
  const native = trace({ withRoot: true, workflow: `remap-${tag}` });
  const orphan = trace({ withRoot: false, workflow: `remap-${tag}` });
  const sent = await page.request.post("/api/v1/runs", {
    headers: auth,
    data: {
      id: native.traceId, sessionId: `s-${tag}`, workflow: "native", model: "gpt-4.1", promptVersion: "v1",
      startedAt: new Date(T0).toISOString(), endedAt: new Date(T0 + 1000).toISOString(), outcome: "success", costUsd: 0.01,
    },
  });
  expect(await sent.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  const otlp = await page.request.post("/api/otel/v1/traces", {
    headers: { ...auth, "Content-Type": "application/json" },
    data: Buffer.from(JSON.stringify(toOtlpJson({ spans: [...built, native, orphan].flatMap((t) => t.spans) }))),
  });
  expect(otlp.status(), await otlp.text()).toBe(200);

  // Settings: the OpenTelemetry section, nothing re-mapped yet.
  await page.goto(`/${slug}/settings`);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const section = page.getByRole("region", { name: "OpenTelemetry" });
  await expect(section.getByRole("heading", { name: "OpenTelemetry" })).toBeVisible();
  await expect(section).toContainText("Keel keeps every span it receives");
  await expect(section.getByText("No re-map yet")).toBeVisible();
  await expect(section.getByRole("table", { name: "Re-maps" })).toHaveCount(0);

  // Re-map every stored trace: the progress, then the counts.
  await recordProgress(page);
  const posted = page.waitForResponse((r) => r.url().includes("/api/v1/otel/remap") && r.request().method() === "POST");
  await section.getByRole("button", { name: "Re-map traces" }).click();
  const answer = await posted;
  expect(answer.status()).toBe(202);
  expect(await answer.json()).toMatchObject({ resumed: false, job: { status: "running", since: null, totalTraces: 4, doneTraces: 0 } });
  const result = section.getByTestId("remap-result");
  await expect(result).toHaveText("Re-mapped 4 traces: 2 runs rebuilt, 1 native run left as sent, 1 trace without a run.");
  expect(await page.evaluate(() => window.__remapProgress)).toContain("0 of 4 traces");
  await expect(section.getByRole("progressbar")).toHaveCount(0);
  const history = section.getByRole("table", { name: "Re-maps" });
  await expect(history.locator("tbody tr")).toHaveCount(1);
  const first = history.locator("tbody tr").first().getByRole("cell");
  await expect(first.nth(0)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, { useInnerText: true });
  await expect(first.nth(0).locator("time")).toHaveAttribute("title", /UTC$/);
  await expect(first.nth(1)).toHaveText(admin);
  await expect(first.nth(2)).toHaveText("all traces");
  await expect(first.nth(3)).toHaveText("done");
  for (const [i, n] of ["4", "2", "1", "1"].entries()) await expect(first.nth(4 + i)).toHaveText(n);
  await expect(first.nth(8).getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Audit log" }).getByText("Re-mapped the stored OpenTelemetry traces (4 traces)")).toBeVisible();
  await page.waitForLoadState("networkidle");
  for (const [size, name] of [[DESKTOP, "desktop"], [PHONE, "phone"]] as const) {
    await page.setViewportSize(size);
    await expectNoHorizontalOverflow(page, `settings with a re-map at ${name}`);
    await section.screenshot({ path: `${SHOTS}/settings-remap-${name}.png` });
  }
  await page.setViewportSize(DESKTOP);

  // The rebuilt runs are there; the native one is still as it was sent.
  const run = await page.request.get(`/api/v1/runs/${built[0].traceId}`, { headers: auth });
  expect(await run.json()).toMatchObject({ id: built[0].traceId, workflow: `remap-${tag}`, toolCalls: [{ name: "kb.search" }] });
  expect(await (await page.request.get(`/api/v1/runs/${native.traceId}`, { headers: auth })).json()).toMatchObject({ workflow: "native", toolCalls: [] });

  // Only traces since a day in the future: none.
  await section.getByLabel("Only traces since").fill("2099-01-01");
  await section.getByRole("button", { name: "Re-map traces" }).click();
  await expect(result).toHaveText("Re-mapped 0 traces since 2099-01-01: 0 runs rebuilt, 0 native runs left as sent, 0 traces without a run.");
  await expect(history.locator("tbody tr")).toHaveCount(2);
  const newest = history.locator("tbody tr").first().getByRole("cell");
  await expect(newest.nth(2)).toHaveText("2099-01-01");
  await expect(newest.nth(3)).toHaveText("done");
  for (const [i, n] of ["0", "0", "0", "0"].entries()) await expect(newest.nth(4 + i)).toHaveText(n);
  await expect(history.locator("tbody tr").nth(1).getByRole("cell").nth(2)).toHaveText("all traces");
  await expect(page.getByRole("table", { name: "Audit log" }).getByText("Re-mapped the stored OpenTelemetry traces since 2099-01-01 (0 traces)")).toBeVisible();
  // A reload reads the same from the server.
  await page.reload();
  await expect(section.getByTestId("remap-result")).toHaveText("Re-mapped 0 traces since 2099-01-01: 0 runs rebuilt, 0 native runs left as sent, 0 traces without a run.");
  await expect(section.getByRole("table", { name: "Re-maps" }).locator("tbody tr")).toHaveCount(2);
});

test("an SRE gets the 403 page on Settings, with no re-map section", async ({ page }) => {
  const slug = fixtures.projects.main.slug;
  await signedIn(page, fixtures.users.sre, { callbackUrl: `/${slug}` });
  await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Settings", exact: true })).toHaveCount(0);
  const res = await page.goto(`/${slug}/settings`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your role (sre) can't open settings");
  await expect(page.getByText("Settings is for admins.", { exact: false })).toBeVisible();
  await expect(page.getByRole("region", { name: "OpenTelemetry" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Re-map traces" })).toHaveCount(0);
  // Nor can the SRE start one through the API the page uses.
  const denied = await page.request.post(`/api/v1/otel/remap?project=${slug}`, { data: { since: null } });
  expect(denied.status()).toBe(403);
});
