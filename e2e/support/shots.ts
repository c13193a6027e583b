// Where the specs save their screenshots. On the PGlite pass (the default database) that is
// e2e/screenshots, kept in the repo and looked at by people. The PostgreSQL pass runs at the same
// time (scripts/test.mjs), and scripts/e2e.mjs points it at its own folder under test-results, so
// the two passes never write the same file.
export const SHOTS = process.env.KEEL_E2E_SCREENSHOTS_DIR || "e2e/screenshots";
