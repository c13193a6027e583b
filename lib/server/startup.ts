import "server-only";
// Server start-up, called from instrumentation.ts register().
import { ensureNextAuthSecret } from "./env";
import { getDatabase } from "./db";
import { applyHeadlessInit } from "./services/headless-init";
import { loadDemoIfEmpty } from "./demo/load";
import { startMaintenance } from "./db/maintenance";
import { startDeliveryWorker } from "./services/deliveries";
import { startAlertEvaluator } from "./services/alerts";
import { startRollupFolder } from "./services/rollups";

export async function startKeel(): Promise<void> {
  ensureNextAuthSecret();
  try {
    const db = await getDatabase();
    if (db.migrations?.applied.length) console.log(`[keel] applied migrations: ${db.migrations.applied.join(", ")}`);
    await applyHeadlessInit(db, process.env);
    if (process.env.KEEL_DEMO !== "off") await loadDemoIfEmpty(db, { log: (m) => console.log(m) });
    // After the demo load, so its rows have statistics before the first dashboard query.
    startMaintenance(db);
    // Notifications left pending by a previous process (a restart mid-retry) go out from here.
    startDeliveryWorker(db);
    // Burn-rate alerts of approved objectives, every KEEL_ALERT_EVAL_INTERVAL_MS (default 60 s).
    startAlertEvaluator(db);
    // Days that ended and changed, summed into the daily rollups (KEEL_ROLLUP_FOLD_INTERVAL_MS, 60 s).
    startRollupFolder(db);
  } catch (err) {
    console.error(`[keel] start-up failed: ${err instanceof Error ? err.message : String(err)}`);
    // A locked or unreachable database: the process must not serve a half-working app.
    process.exit(1);
  }
}
