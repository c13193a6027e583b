// What scripts/e2e.mjs prepared before the server started (e2e/setup/prepare.ts): projects, API
// keys and people. Read from the JSON file named by KEEL_E2E_FIXTURES, so specs only run through
// `node scripts/e2e.mjs` (which also builds, starts the server and cleans up).
import { readFileSync } from "node:fs";

export type E2ERole = "viewer" | "sre" | "owner" | "admin";

export interface E2EUser {
  email: string;
  password: string;
  /** Role in project `e2e` (and in `demo`). */
  role: E2ERole;
}

export interface E2EProject {
  id: string;
  slug: string;
  name: string;
}

export interface E2EFixtures {
  baseURL: string;
  db: "pglite" | "postgres";
  /** KEEL_DATA_DIR of the server (PGlite lives in `<dataDir>/pglite`); null on PostgreSQL. */
  dataDir: string | null;
  /**
   * `channels`: notification channels' own project (admin: otherAdmin); `rules`: KPI rules' and
   * `rollouts`: progressive rollout's (both with the same people as `e2e`).
   */
  projects: { main: E2EProject; other: E2EProject; channels: E2EProject; rules: E2EProject; rollouts: E2EProject; governance: E2EProject; guardrails: E2EProject; budgets: E2EProject };
  keys: {
    /** Scopes ingest + read, project `e2e`. */
    ingestRead: string;
    readOnly: string;
    ingestOnly: string;
    /** Was ingest + read, revoked before the server started. */
    revoked: string;
    /** Ingest + read key of `e2e-other`. */
    other: string;
    /** Ingest + read key of `rules-lab`. */
    rules: string;
    /** Ingest + read key of `rollouts-lab` (ingest rate limit raised to the maximum). */
    rollouts: string;
    /** Ingest + read key of `governance-lab` (runbooks, risks, ownership: governance.spec). */
    governance: string;
    /** Ingest + read key of `guardrails-lab` (the Guardrails page's own project). */
    guardrails: string;
    /** Ingest + read key of `budgets-lab` (workflow budgets' own project: budgets.spec starts from none). */
    budgets: string;
  };
  users: { admin: E2EUser; owner: E2EUser; sre: E2EUser; viewer: E2EUser; dana: E2EUser };
  /**
   * Project `e2e-fuzz` and its ingest + read key (ingest limit raised to the maximum): only
   * e2e/api/fuzz.spec.ts writes there, so the other specs' numbers never see generated runs.
   */
  fuzz: { project: E2EProject; key: string };
  /** Admin of `e2e-other` (its `role` is the one there); no membership in `e2e` or `demo`. */
  otherAdmin: E2EUser;
}

export const FIXTURES_ENV = "KEEL_E2E_FIXTURES";

export function loadFixtures(file = process.env[FIXTURES_ENV]): E2EFixtures {
  if (!file) {
    throw new Error(
      `${FIXTURES_ENV} is not set: run end-to-end specs with \`node scripts/e2e.mjs [-- <spec files>]\`, ` +
        "which prepares the database and the fixtures and starts the server",
    );
  }
  return JSON.parse(readFileSync(file, "utf8")) as E2EFixtures;
}

export const fixtures: E2EFixtures = loadFixtures();
