// Playwright's globalSetup: the sessions saved by e2e/support/signed-in.ts belong to one server;
// a new run's server (fresh database and secret) may reuse an earlier run's port, so its
// e2e/.auth/<host>-<port>/ starts empty. Returns the teardown, which removes it again.
import { clearSavedSessions } from "../support/signed-in";

export default function globalSetup(): () => void {
  const baseURL = process.env.KEEL_E2E_BASE_URL;
  if (baseURL) clearSavedSessions(baseURL);
  return () => {
    if (baseURL) clearSavedSessions(baseURL);
  };
}
