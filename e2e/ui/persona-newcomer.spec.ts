// The newcomer's persona journey, and the test of record that the README's "Send a run" works as
// written: the commands are read from README.md at test time (its fenced bash block with `curl`)
// and run in a real shell, with a key got the way the README says — in the browser, as the admin:
// Projects → New project → Settings → API keys → Create API key, the key read from the page.
// Then the new project's overview counts exactly that run, and Traces lists it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signedIn } from "../support/signed-in";
import { fixtures } from "../support/fixtures";
import { DESKTOP, PHONE, expectNoHorizontalOverflow } from "../support/layout";
import { SHOTS } from "../support/shots";

const README_BASE_URL = "http://localhost:3000";

/** The "## Send a run" section of README.md, as it is now. */
function sendARunSection(): string {
  const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const start = readme.indexOf("\n## Send a run\n");
  expect(start, 'README.md has a "## Send a run" section').toBeGreaterThan(-1);
  const next = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, next === -1 ? undefined : next);
}

/** The bodies of the section's ```bash blocks. */
function bashBlocks(section: string): string[] {
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The JSON answers the README shows after the command, as `# {...}` comment lines, in order. */
function expectedAnswers(block: string): unknown[] {
  return block
    .split("\n")
    .filter((line) => line.startsWith("#"))
    .flatMap((line) => {
      const json = /(\{.*\})/.exec(line)?.[1];
      return json ? [JSON.parse(json) as unknown] : [];
    });
}

/** Runs the README's commands with bash, as a reader pasting them would (their server, their key). */
function runInShell(commands: string, apiKey: string): unknown {
  const stdout = execFileSync("bash", ["-c", commands.replaceAll(README_BASE_URL, fixtures.baseURL)], {
    env: { ...process.env, KEEL_API_KEY: apiKey },
    encoding: "utf8",
    timeout: 30_000,
  });
  return JSON.parse(stdout);
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Project" });
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

async function atBothSizes(page: Page, name: string) {
  // Screenshots of the page as loaded, not of its skeletons.
  await page.waitForLoadState("networkidle");
  await expectNoHorizontalOverflow(page, `${name} at 1440`);
  await page.screenshot({ path: `${SHOTS}/newcomer-${name}.png` });
  await page.setViewportSize(PHONE);
  await expectNoHorizontalOverflow(page, `${name} at 390`);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${SHOTS}/newcomer-${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}

test("newcomer: README 'Send a run' as written — new project, a key from Settings, the curl, 1 run on the overview", async ({ page }) => {
  const section = sendARunSection();
  // The steps this spec clicks through are the ones the README tells.
  for (const step of ["admin@keel.local", "**New project**", "Settings → API keys", "**Create API key**", "KEEL_API_KEY"])
    expect(section, `README "Send a run" mentions ${step}`).toContain(step);
  const curlBlock = bashBlocks(section).find((b) => /\bcurl\b/.test(b));
  expect(curlBlock, 'README "Send a run" has a bash block with curl').toBeDefined();
  const commands = curlBlock!;
  expect(commands, "the README posts to the local server").toContain(`${README_BASE_URL}/api/v1/runs`);
  const answers = expectedAnswers(commands);
  expect(answers, "the README shows the first answer and the answer when sent again").toHaveLength(2);
  expect(answers[0]).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  expect(answers[1]).toEqual({ accepted: 0, duplicates: 1, rejected: [] });

  // 1. Sign in as the admin; Projects offers "New project".
  const suffix = Math.random().toString(36).slice(2, 7);
  const name = `My agents ${suffix}`;
  const slug = `my-agents-${suffix}`;
  await signedIn(page, fixtures.users.admin);
  await expect(page).toHaveURL(/\/projects$/);
  await expect(h1(page)).toHaveText("Projects");
  await atBothSizes(page, "projects");

  // 2. New project: the address shows as one types; creating lands on its empty overview.
  await page.getByRole("link", { name: "New project" }).click();
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(h1(page)).toHaveText("New project");
  await page.getByLabel("Project name").fill(name);
  await expect(page.getByText(`/${slug}`, { exact: true })).toBeVisible();
  await atBothSizes(page, "new-project");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(h1(page)).toHaveText(/^Overview$/);
  await expect(page.getByRole("button", { name: `Project: ${name}. Switch project` })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText("admin");
  // The empty overview says how to send the first run, with the way to a key and to the docs.
  const guide = page.getByTestId("first-run-guide");
  await expect(guide.getByRole("heading", { name: "No runs yet: send your first run" })).toBeVisible();
  await expect(guide.getByRole("link", { name: "Settings → API keys" })).toHaveAttribute("href", `/${slug}/settings`);
  await expect(guide.getByRole("link", { name: "Sending runs" })).toHaveAttribute("href", "/docs/ingest");
  await atBothSizes(page, "empty-overview");

  // 3. Settings → API keys → Create API key (scope ingest, the default); the key is shown once.
  await nav(page).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(h1(page)).toHaveText("Settings");
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill("my laptop");
  await expect(dialog.getByRole("checkbox", { name: /ingest/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByRole("dialog", { name: "Your new API key" });
  const key = ((await shown.getByTestId("new-api-key").textContent()) ?? "").trim();
  expect(key.length).toBeGreaterThan(20);
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();

  // 4. The README's commands, verbatim (but for the server's address), in bash; then again.
  expect(runInShell(commands, key)).toEqual(answers[0]);
  expect(runInShell(commands, key)).toEqual(answers[1]);

  // 5. The overview of the new project counts exactly that run; Traces lists it.
  await nav(page).getByRole("link", { name: "Overview", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.reload();
  await expect(page.getByTestId("kpi-successRate")).toContainText(/(?<!\d)0 of 1 runs?\b/);
  await expect(page.getByTestId("first-run-guide")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/newcomer-first-run-overview.png` });

  await nav(page).getByRole("link", { name: "Traces", exact: true }).click();
  await expect(h1(page)).toHaveText(/traces/i);
  await expect(page.getByTestId("runs-total")).toHaveText("1 run");
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.locator("[data-run-id]")).toHaveCount(1);
  const row = runs.locator('[data-run-id="run-0001"]');
  await expect(row).toContainText("refund-request");
  await expect(row).toContainText("ticketing API timeout");
  await row.getByRole("link", { name: "run-0001" }).click();
  await expect(page.getByRole("list", { name: "Tool calls" })).toContainText("ticketing.create");
  await page.screenshot({ path: `${SHOTS}/newcomer-first-run-trace.png` });
});

test("newcomer: a name whose address exists is refused on the form, naming the field", async ({ page }) => {
  await signedIn(page, fixtures.users.admin, { callbackUrl: "/projects/new" });
  await expect(h1(page)).toHaveText("New project");
  await page.getByLabel("Project name").fill("DEMO");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("a project with the address 'demo' already exists; choose another name")).toBeVisible();
  await expect(page.getByLabel("Project name")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/projects\/new$/);
  // Typing again clears the message.
  await page.getByLabel("Project name").fill("Projects");
  await expect(page.getByText("already exists")).toHaveCount(0);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("the address /projects is used by Keel itself; choose another name")).toBeVisible();
});
