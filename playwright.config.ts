// End-to-end tests run through `node scripts/e2e.mjs`, which prepares a fresh database and the
// fixtures (e2e/support/fixtures.ts), starts the built app and passes its address here.
import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's chromium-headless-shell (Chromium's old headless mode, what Playwright itself runs
// headless) when installed: the UI specs took 20 % less time and 17 % less CPU than in the full
// browser's headless mode (3 specs, 18 tests, two runs of each alternating). The full browser
// otherwise, and for --headed. CHROMIUM_PATH overrides both. Chosen once, in the runner (whose
// argv holds --headed), and handed to the workers, which inherit its environment.
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const headed = process.argv.includes("--headed") || process.argv.includes("--debug") || !!process.env.PWDEBUG;
process.env.CHROMIUM_PATH ||= !headed && existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium";
const CHROMIUM = process.env.CHROMIUM_PATH;

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export default defineConfig({
  forbidOnly: true,
  // Empties e2e/.auth/<host>-<port>/, where e2e/support/signed-in.ts keeps one saved session per
  // person for this run's server (so most UI specs skip the sign-in form), and again at the end.
  globalSetup: "./e2e/setup/global-setup.ts",
  retries: 0,
  // 2 cores, shared with the server under test.
  workers: 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: process.env.KEEL_E2E_OUTPUT_DIR || "test-results/e2e",
  reporter: [["list"], ["json", { outputFile: process.env.KEEL_E2E_JSON_REPORT || "test-results/e2e-report.json" }]],
  use: {
    baseURL: process.env.KEEL_E2E_BASE_URL,
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    // Real agent frameworks (their own OTLP exporters, in child processes) exporting to the server
    // under test, and Keel's OTLP decoders against the official encoder. Its packages live in
    // interop/node_modules (interop/package.json), which the specs resolve first.
    { name: "interop", testDir: "interop/tests" },
    {
      name: "ui",
      testDir: "e2e/ui",
      use: {
        browserName: "chromium",
        viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
      },
    },
  ],
});
