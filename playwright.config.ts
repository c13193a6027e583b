// End-to-end tests run through `node scripts/e2e.mjs`, which prepares a fresh database and the
// fixtures (e2e/support/fixtures.ts), starts the built app and passes its address here.
import { defineConfig } from "@playwright/test";

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
        launchOptions: { executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS },
      },
    },
  ],
});
