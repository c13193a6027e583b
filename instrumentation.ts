// Runs once when the server starts (never during `next build`): secret, database, migrations,
// headless init from KEEL_INIT_*, demo data on an empty database.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startKeel } = await import("./lib/server/startup");
  await startKeel();
}
