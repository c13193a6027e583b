// Settings → Notification channels (issue 15): an admin adds a webhook channel from the empty
// state pointing at a receiver this spec runs, sees the signing secret once, sends a test and
// sees it delivered in the delivery log (the receiver got it, signed with that secret), then
// renames the channel. Desktop and phone screenshots; the page never scrolls sideways.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, expectNoHorizontalOverflow, PHONE } from "../support/layout";
import { SHOTS } from "../support/shots";

// Its own project, so that emptying the channel list never races the alerts and permission specs.
const slug = fixtures.projects.channels.slug;
const admin = fixtures.otherAdmin;

let server: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; raw: string }[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keel-e2e-receiver`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test("admin: adds a webhook channel from the empty state, sees the secret once, sends a test that is delivered and logged, renames it", async ({ page }) => {
  await signedIn(page, admin, { callbackUrl: `/${slug}/settings` });
  // Start from the empty state whatever an earlier run left.
  const existing = (await (await page.request.get(`/api/v1/channels?project=${slug}`)).json()) as { channels: { id: string }[] };
  for (const c of existing.channels) expect((await page.request.delete(`/api/v1/channels/${c.id}?project=${slug}`)).status()).toBe(200);

  await page.goto(`/${slug}/settings`);
  const section = page.getByTestId("channels-panel");
  await expect(page.getByText("No notification channels yet")).toBeVisible();
  await page.getByRole("button", { name: "Add channel" }).click();

  const dialog = page.getByRole("dialog", { name: "Add notification channel" });
  await expect(dialog.getByLabel("Type")).toHaveValue("webhook");
  await dialog.getByLabel("Name").fill("Ops bus");
  // Not http(s): the server refuses it naming the field, shown beside it.
  await dialog.getByLabel("URL").fill("ftp://example.com/hook");
  await dialog.getByRole("button", { name: "Add channel" }).click();
  await expect(dialog.getByText("an http(s) URL, e.g. https://example.com/hooks/keel")).toBeVisible();
  await dialog.getByLabel("URL").fill(receiverUrl);
  await dialog.getByRole("checkbox", { name: /ticket/ }).uncheck();
  await dialog.getByRole("button", { name: "Add channel" }).click();

  const shown = page.getByRole("dialog", { name: "Add notification channel" });
  await expect(shown.getByRole("heading", { name: "Signing secret of “Ops bus”" })).toBeVisible();
  const secret = ((await shown.getByTestId("channel-secret").textContent()) ?? "").trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
  await expect(shown.getByRole("button", { name: "Copy" })).toBeVisible();
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();
  // Never again: not in the page, not in the list's answer.
  await expect(page.getByText(secret)).toHaveCount(0);

  const table = page.getByRole("table", { name: "Notification channels" });
  const row = table.getByRole("row").filter({ hasText: "Ops bus" });
  await expect(row).toContainText("Webhook");
  await expect(row).toContainText(/http:\/\/127\.0\.0\.1:\d+\/…iver/);
  await expect(row).not.toContainText("keel-e2e-receiver");
  await expect(row.getByRole("cell").nth(3)).toHaveText("page");
  await expect(row).toContainText("Never");

  await row.getByRole("button", { name: "Send test to Ops bus" }).click();
  await expect(page.getByTestId("test-result")).toHaveText("Test to “Ops bus” delivered (HTTP 204).");
  expect(received).toHaveLength(1);
  const [got] = received;
  expect(got!.headers["x-keel-event"]).toBe("test");
  expect(got!.headers["x-keel-signature"]).toBe(`sha256=${createHmac("sha256", secret).update(got!.raw).digest("hex")}`);
  const body = JSON.parse(got!.raw) as { id: string; type: string; project: string };
  expect(body).toMatchObject({ id: got!.headers["x-keel-delivery"], type: "test", project: slug });

  await row.getByRole("button", { name: "Deliveries of Ops bus" }).click();
  const log = page.getByRole("table", { name: "Deliveries of Ops bus" });
  const entry = log.getByTestId(`delivery-${body.id}`);
  await expect(entry.getByRole("cell")).toHaveText([/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, "test", "delivered", "1", "HTTP 204", "—"], { useInnerText: true });
  await expect(row).toContainText("delivered");

  await page.waitForLoadState("networkidle");
  for (const [size, name] of [[DESKTOP, "desktop"], [PHONE, "phone"]] as const) {
    await page.setViewportSize(size);
    await expectNoHorizontalOverflow(page, `settings with channels at ${name}`);
    await section.screenshot({ path: `${SHOTS}/settings-channels-${name}.png` });
  }
  await page.setViewportSize(DESKTOP);

  // Edit: rename; the URL field is blank (write-only) and left so, keeping the destination.
  await row.getByRole("button", { name: "Edit Ops bus" }).click();
  const edit = page.getByRole("dialog", { name: "Edit Ops bus" });
  await expect(edit.getByLabel("URL")).toHaveValue("");
  await edit.getByLabel("Name").fill("Ops bus (prod)");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  const renamed = table.getByRole("row").filter({ hasText: "Ops bus (prod)" });
  await expect(renamed).toContainText(/http:\/\/127\.0\.0\.1:\d+\/…iver/);
  await expect(page.getByRole("table", { name: "Audit log" })).toBeVisible();
});
