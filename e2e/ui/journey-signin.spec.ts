// The first journey: signing in (and failing to), the project list, the shell of a project with
// its navigation per role, and projects a person is not a member of (404, as if absent).
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/auth";
import { fixtures } from "../support/fixtures";
import { SHOTS } from "../support/shots";

const { admin, viewer } = fixtures.users;
const MAIN = fixtures.projects.main.slug; // "e2e": every demo person is a member
const OTHER = fixtures.projects.other.slug; // "e2e-other": nobody signed in here is a member

// Every project section and the role that may open it (lib/shared/permissions.ts).
const SECTIONS = [
  { label: "Overview", path: "", heading: /^Overview$/i },
  { label: "Workflows", path: "/workflows", heading: /workflows/i },
  { label: "Tools", path: "/tools", heading: /tools/i },
  { label: "Failures", path: "/failures", heading: /failures/i },
  { label: "Cost", path: "/cost", heading: /cost/i },
  { label: "Objectives", path: "/objectives", heading: /objectives/i },
  { label: "Traces", path: "/traces", heading: /traces/i },
  { label: "Alerts", path: "/alerts", heading: /alerts/i },
  { label: "Incidents", path: "/incidents", heading: /incidents/i },
  { label: "Review", path: "/review", heading: /review/i },
  { label: "Fix items", path: "/fix-items", heading: /fix items/i },
  { label: "Releases", path: "/releases", heading: /releases/i },
  { label: "Settings", path: "/settings", heading: /settings/i },
] as const;
// Viewers read incidents (issue 18), not traces.
const SRE_AND_UP = ["Traces"];
const ADMIN_ONLY = ["Settings"];

const WRONG = "Wrong email or password.";
const nav = (page: Page) => page.getByRole("navigation", { name: "Project" });
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

async function expectSignedOut(page: Page) {
  const cookies = await page.context().cookies();
  expect(cookies.filter((c) => c.name.endsWith("next-auth.session-token"))).toEqual([]);
  await page.goto("/demo");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdemo$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

async function expectNotFound(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), `GET ${path}`).toBe(404);
  await expect(h1(page)).toHaveText("Page not found");
  // Nothing of the project leaks: no shell, no project name.
  await expect(nav(page)).toHaveCount(0);
}

test("a wrong password shows an inline message and leaves the visitor signed out", async ({ page }) => {
  await page.goto("/signin");
  await expect(h1(page)).toHaveText("Sign in to Keel");
  await page.screenshot({ path: `${SHOTS}/signin.png` });
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(`${admin.password}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toHaveText(WRONG);
  await expect(page).toHaveURL(/\/signin$/);
  // The password is cleared for the next attempt; the email is kept.
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expect(page.getByLabel("Email")).toHaveValue(admin.email);
  await expectSignedOut(page);
});

test("an unknown email gets the same message as a wrong password", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("nobody@keel.local");
  await page.getByLabel("Password").fill("keel-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: WRONG })).toHaveText(WRONG);
  await expectSignedOut(page);
});

test("signed out, a deep link goes to sign-in and comes back to that page afterwards", async ({ page }) => {
  await page.goto(`/${MAIN}/fix-items?status=open`);
  await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(`/${MAIN}/fix-items?status=open`)}$`));
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/${MAIN}/fix-items\\?status=open$`));
  await expect(h1(page)).toHaveText(/fix items/i);
});

test("a callbackUrl to another site is ignored: sign-in lands on the projects", async ({ page }) => {
  await signIn(page, admin, { callbackUrl: "https://example.com/steal" });
  await expect(page).toHaveURL(/\/projects$/);
});

test("admin: projects → Demo → the shell, the navigation and every section renders", async ({ page }) => {
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/projects$/);
  await expect(h1(page)).toHaveText("Projects");
  const projects = page.getByRole("list", { name: "Your projects" });
  await expect(projects.getByRole("link", { name: /^Demo\b/ })).toContainText("admin");
  await expect(projects.getByRole("link", { name: new RegExp(`\\b${MAIN}\\b`) })).toBeVisible();
  await expect(projects.getByRole("link", { name: new RegExp(`\\b${OTHER}\\b`) })).toHaveCount(0);
  // An admin (of any project) may create projects: the action is on the projects page.
  await expect(page.getByRole("link", { name: "New project" })).toHaveAttribute("href", "/projects/new");
  await page.screenshot({ path: `${SHOTS}/projects.png` });

  await projects.getByRole("link", { name: /^Demo\b/ }).click();
  await expect(page).toHaveURL(/\/demo$/);
  await expect(page.getByRole("button", { name: /Project: Demo/ })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText(admin.email);
  await expect(page.getByTestId("current-user")).toContainText("admin");
  await expect(h1(page)).toHaveText(/^Overview$/i);
  await expect(nav(page).getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: `${SHOTS}/shell.png` });

  // Every section an admin may open is in the nav, and each renders its heading (no error, no 404).
  for (const s of SECTIONS) {
    const link = nav(page).getByRole("link", { name: s.label, exact: true });
    await link.click();
    await expect(page, s.label).toHaveURL(new RegExp(`/demo${s.path}$`));
    await expect(h1(page), s.label).toHaveText(s.heading);
    await expect(link).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText(s.label);
    await expect(page.getByText("This page could not be loaded")).toHaveCount(0);
    // Tabs of several projects are told apart: the project's name is in every section's title.
    if (s.path) await expect(page).toHaveTitle(/ · Demo · Keel$/);
  }
  const docs = nav(page).getByRole("link", { name: "Docs" });
  await expect(docs).toHaveAttribute("href", "/docs/ingest");

  // The switcher lists the person's projects (not e2e-other) and keeps the section when switching.
  await page.getByRole("button", { name: /Project: Demo/ }).click();
  const menu = page.getByRole("menu", { name: "Projects" });
  await expect(menu.getByRole("menuitem")).toContainText(["Demo", fixtures.projects.main.name]);
  await expect(menu.getByRole("menuitem", { name: new RegExp(OTHER) })).toHaveCount(0);
  await menu.getByRole("menuitem", { name: new RegExp(`\\b${MAIN}\\b`) }).click();
  await expect(page).toHaveURL(new RegExp(`/${MAIN}/settings$`));
  await expect(page.getByRole("button", { name: new RegExp(`Project: ${fixtures.projects.main.name}`) })).toBeVisible();
});

test("viewer: no Traces or Settings in the navigation; those pages answer 403 naming the role", async ({ page }) => {
  await signIn(page, viewer, { callbackUrl: "/demo" });
  await expect(page).toHaveURL(/\/demo$/);
  await expect(h1(page)).toHaveText(/^Overview$/i);
  await expect(page.getByTestId("current-user")).toContainText("viewer");
  for (const s of SECTIONS) {
    const expected = SRE_AND_UP.includes(s.label) || ADMIN_ONLY.includes(s.label) ? 0 : 1;
    await expect(nav(page).getByRole("link", { name: s.label, exact: true }), s.label).toHaveCount(expected);
  }
  // A page that exists but is not for the role: 403 naming the role, never "not found".
  for (const path of ["/traces", "/settings"]) {
    const res = await page.goto(`/demo${path}`);
    expect(res?.status(), path).toBe(403);
    await expect(h1(page), path).toHaveText(`Your role (viewer) can't open ${path.slice(1)}`);
    // The shell stays: the viewer is a member of the project.
    await expect(page.getByRole("button", { name: /Project: Demo/ })).toBeVisible();
  }
  await expectNotFound(page, `/${OTHER}`);
  await expectNotFound(page, `/${OTHER}/fix-items`);

  // Admin of no project: no "New project", and the form's page says who can.
  await page.goto("/projects");
  await expect(h1(page)).toHaveText("Projects");
  await expect(page.getByRole("link", { name: "New project" })).toHaveCount(0);
  await page.goto("/projects/new");
  await expect(page.getByText("Only an admin of a project can create projects")).toBeVisible();
  await expect(page.getByLabel("Project name")).toHaveCount(0);
});

test("a project one is not a member of looks exactly like one that does not exist", async ({ page }) => {
  await signIn(page, admin);
  await expectNotFound(page, `/${OTHER}`);
  const memberless = await page.locator("body").innerText();
  await expectNotFound(page, "/no-such-project-anywhere");
  expect(await page.locator("body").innerText()).toBe(memberless);
});

test("sign out ends the session", async ({ page }) => {
  await signIn(page, admin, { callbackUrl: `/${MAIN}/review` });
  await expect(page).toHaveURL(new RegExp(`/${MAIN}/review$`));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expectSignedOut(page);
});
