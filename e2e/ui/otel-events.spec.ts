// An SRE opens a run built from an OpenTelemetry trace whose refund tool threw: the exception's
// type and message are on the failed call's row before anything is opened, a marker sits on each
// call's bar where its span event happened, the opened row lists the events with their attributes
// and a folded stack trace, and the agent span's own exception is in "Span events". A native run's
// page has none of it. Desktop (1440) and phone (390) never scroll the page sideways.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { toOtlpJson } from "../../test/helpers/otlp";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow } from "../support/layout";

const slug = fixtures.projects.main.slug;
const auth = { Authorization: `Bearer ${fixtures.keys.ingestRead}` };
const SHOTS = "test-results/otel-ui";
const tag = randomBytes(3).toString("hex");
// Ten minutes ago, on a whole second: inside every default window, never "in the future".
const T0 = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
const DATED_SECONDS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const ROOT_STACK = "Error: refund failed\n    at x (/srv/a.js:1:1)";
const TOOL_STACK = "RefundError: refund API down\n    at refund (/srv/payments.js:42:7)\n    at run (/srv/agent.js:10:3)";

/** The key/value pairs of an event's attribute list, as shown. */
async function attributes(event: Locator): Promise<Record<string, string>> {
  const keys = await event.locator("dt").allInnerTexts();
  const values = await event.locator("dd").allInnerTexts();
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

async function bothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await expectNoHorizontalOverflow(page, `${name} at 1440`);
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await expectNoHorizontalOverflow(page, `${name} at 390`);
  await page.screenshot({ path: `${SHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}

test("a failed tool call's exception on its row, event markers, the opened row's events and stack trace, the root's Span events", async ({ page, request }) => {
  mkdirSync(SHOTS, { recursive: true });
  const traceId = randomBytes(16).toString("hex");
  const rootId = randomBytes(8).toString("hex");
  const searchId = randomBytes(8).toString("hex");
  const refundId = randomBytes(8).toString("hex");
  const workflow = `otel-events-${tag}`;
  const res = await request.post("/api/otel/v1/traces", {
    headers: { ...auth, "Content-Type": "application/json" },
    data: Buffer.from(
      JSON.stringify(
        toOtlpJson({
          resource: { "service.name": "refund-agent" },
          spans: [
            {
              traceId, spanId: rootId, name: "invoke_agent refund", startMs: T0, endMs: T0 + 2000,
              status: { code: 2, message: ROOT_STACK },
              attributes: { "keel.workflow": workflow, "gen_ai.request.model": "gpt-4.1" },
              events: [{ name: "exception", timeMs: T0 + 1900, attributes: { "exception.type": "Error", "exception.message": "refund failed", "exception.stacktrace": ROOT_STACK } }],
            },
            {
              traceId, spanId: searchId, parentSpanId: rootId, name: "execute_tool kb.search", startMs: T0 + 100, endMs: T0 + 600,
              attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "kb.search" },
              events: [{ name: "cache.miss", timeMs: T0 + 150, attributes: { "cache.key": "refund-policy", "cache.size": 3 } }],
            },
            {
              traceId, spanId: refundId, parentSpanId: rootId, name: "execute_tool payments.refund", startMs: T0 + 700, endMs: T0 + 1800,
              status: { code: 2 },
              attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "payments.refund" },
              events: [{ name: "exception", timeMs: T0 + 1700, attributes: { "exception.type": "RefundError", "exception.message": "refund API down", "exception.stacktrace": TOOL_STACK } }],
            },
          ],
        }),
      ),
    ),
  });
  expect(res.status(), await res.text()).toBe(200);
  expect(await res.json()).toEqual({});

  await signedIn(page, fixtures.users.sre, { callbackUrl: `/${slug}/traces` });
  // Traces → the run (the list filtered to its workflow, as a person narrowing it down would).
  await page.goto(`/${slug}/traces?workflow=${workflow}`);
  const row = page.getByRole("table", { name: "Runs" }).locator(`[data-run-id="${traceId}"]`);
  await row.getByRole("link", { name: traceId }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/traces/${traceId}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(traceId);
  await expect(page.getByRole("note", { name: "Failure" })).toContainText("Error: refund failed");

  const calls = page.getByRole("list", { name: "Tool calls" });
  await expect(calls.locator("> li")).toHaveCount(2);
  const search = calls.locator("#call-0");
  const refund = calls.locator("#call-1");
  await expect(refund).toHaveAttribute("data-status", "error");

  // Before opening anything: the exception on the failed row (type: message), full text on hover;
  // none on the call that went fine. One marker per event, titled with its name and offset.
  const exception = refund.getByTestId("call-exception");
  await expect(exception).toHaveText("RefundError: refund API down");
  await expect(exception).toHaveAttribute("title", "RefundError: refund API down");
  await expect(search.getByTestId("call-exception")).toHaveCount(0);
  await expect(refund.getByTestId("event-marker")).toHaveCount(1);
  await expect(refund.getByTestId("event-marker")).toHaveAttribute("title", "exception at +1.7 s");
  await expect(search.getByTestId("event-marker")).toHaveCount(1);
  await expect(search.getByTestId("event-marker")).toHaveAttribute("title", "cache.miss at +150 ms");
  await expect(calls.getByRole("list", { name: "Span events" })).toHaveCount(0);
  await bothWidths(page, "run-events-closed");

  // Open the failed call: its events, each attribute, the stack trace folded until asked for.
  await refund.getByRole("button", { name: /payments\.refund/ }).click();
  const refundEvents = refund.getByRole("region", { name: "Events of call 2" });
  await expect(refundEvents.getByRole("heading", { name: "Span events (1)" })).toBeVisible();
  const refundEvent = refundEvents.getByRole("listitem");
  await expect(refundEvent).toHaveCount(1);
  await expect(refundEvent).toHaveAttribute("data-event", "exception");
  await expect(refundEvent.getByText("exception", { exact: true })).toBeVisible();
  await expect(refundEvent.locator("time")).toHaveText(DATED_SECONDS);
  await expect(refundEvent.locator("time")).toHaveAttribute("title", new RegExp(`^${new Date(T0 + 1700).toISOString().slice(0, 19).replace("T", " ")} UTC$`));
  await expect(refundEvent.getByText("+1.7 s", { exact: true })).toBeVisible();
  expect(await attributes(refundEvent)).toEqual({ "exception.type": "RefundError", "exception.message": "refund API down" });
  const stack = refundEvent.locator("pre");
  await expect(stack).toBeHidden();
  await refundEvent.getByText("Stack trace", { exact: true }).click();
  await expect(stack).toBeVisible();
  expect(await stack.textContent()).toBe(TOOL_STACK);

  // The call that went fine lists its own (non-exception) event when opened.
  await search.getByRole("button", { name: /kb\.search/ }).click();
  const searchEvent = search.getByRole("region", { name: "Events of call 1" }).getByRole("listitem");
  await expect(searchEvent).toHaveAttribute("data-event", "cache.miss");
  expect(await attributes(searchEvent)).toEqual({ "cache.key": "refund-policy", "cache.size": "3" });
  await expect(searchEvent.getByText("Stack trace")).toHaveCount(0);

  // The agent's own span: its exception in "Span events".
  const card = page.getByRole("region", { name: "Events of span invoke_agent refund" });
  await expect(page.getByRole("heading", { name: "Span events", exact: true })).toBeVisible();
  await expect(card.getByRole("heading")).toContainText(`span ${rootId}`);
  const rootEvent = card.getByRole("listitem");
  await expect(rootEvent).toHaveCount(1);
  await expect(rootEvent).toHaveAttribute("data-event", "exception");
  await expect(rootEvent.getByText("+1.9 s", { exact: true })).toBeVisible();
  expect(await attributes(rootEvent)).toEqual({ "exception.type": "Error", "exception.message": "refund failed" });
  await rootEvent.getByText("Stack trace", { exact: true }).click();
  expect(await rootEvent.locator("pre").textContent()).toBe(ROOT_STACK);
  await bothWidths(page, "run-events-open");
});

test("a native run's page shows no span events", async ({ page, request }) => {
  const id = `native-${tag}`;
  const res = await request.post("/api/v1/runs", {
    headers: auth,
    data: {
      id,
      sessionId: `${id}-s`,
      workflow: `native-${tag}`,
      model: "gpt-4.1",
      promptVersion: "v1",
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 1000).toISOString(),
      outcome: "failure",
      failure: { category: "tool_error", reason: "refund API down" },
      costUsd: 0.01,
      toolCalls: [
        { name: "payments.refund", startedAt: new Date(T0 + 100).toISOString(), endedAt: new Date(T0 + 900).toISOString(), status: "error", errorType: "RefundError" },
      ],
    },
  });
  expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });

  await signedIn(page, fixtures.users.sre, { callbackUrl: `/${slug}/traces/${id}` });
  await page.goto(`/${slug}/traces/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
  const call = page.getByRole("list", { name: "Tool calls" }).locator("#call-0");
  await expect(call).toHaveAttribute("data-status", "error");
  await expect(call.getByText("RefundError", { exact: true })).toBeVisible();
  await expect(call.getByTestId("call-exception")).toHaveCount(0);
  await expect(call.getByTestId("event-marker")).toHaveCount(0);
  await call.getByRole("button", { name: /payments\.refund/ }).click();
  await expect(call.getByText("Latency", { exact: true })).toBeVisible();
  await expect(call.getByRole("list", { name: "Span events" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Span events" })).toHaveCount(0);
  await expect(page.getByText("click a call for its input and output", { exact: false })).not.toContainText("span events");
});
