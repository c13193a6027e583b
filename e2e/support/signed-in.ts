// One sign-in through the form per person and run, then the saved session (Playwright's
// storageState) for every other test that only needs to be signed in. The specs about signing in
// itself (journey-signin, signin-throttle, session-cookie, csrf) keep using signIn (./auth).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { signIn } from "./auth";
import { fixtures, type E2EUser } from "./fixtures";

/** Where the app lands after signing in without a callbackUrl (components/auth/callback-url.ts). */
const DEFAULT_AFTER_SIGN_IN = "/projects";

/** e2e/.auth/<host>-<port>: the saved sessions of the server under test (gitignored). */
export function authDir(baseURL: string): string {
  const url = new URL(baseURL);
  return path.join(import.meta.dirname, "..", ".auth", `${url.hostname}-${url.port}`);
}

function stateFile(user: Pick<E2EUser, "email">): string {
  return path.join(authDir(fixtures.baseURL), `${user.email.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
}

/**
 * Removes the saved sessions of the server under test: a run's server is new (a fresh database
 * and secret) even when its port was used before. Playwright's globalSetup (e2e/setup/global-setup.ts).
 */
export function clearSavedSessions(baseURL: string): void {
  rmSync(authDir(baseURL), { recursive: true, force: true });
}

/**
 * Opens `callbackUrl` (default: where signing in lands) signed in as `user`. The first time in a
 * run this is signIn (./auth) through the real form, whose session is then saved; afterwards the
 * saved session's cookies are added to the page's context. Waits until the app has left /signin.
 */
export async function signedIn(page: Page, user: E2EUser, opts: { callbackUrl?: string } = {}): Promise<void> {
  const file = stateFile(user);
  if (!existsSync(file)) {
    await signIn(page, user, opts);
    const state = await page.context().storageState();
    mkdirSync(path.dirname(file), { recursive: true });
    // Whole or not at all: the other worker may read it at any moment.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
    return;
  }
  const { cookies } = JSON.parse(readFileSync(file, "utf8")) as Awaited<ReturnType<ReturnType<Page["context"]>["storageState"]>>;
  await page.context().addCookies(cookies);
  await page.goto(opts.callbackUrl ?? DEFAULT_AFTER_SIGN_IN);
  await expect(page, `the saved session of ${user.email} should not land on /signin`).not.toHaveURL(/\/signin(\?|$)/);
}
