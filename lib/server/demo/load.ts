// PLACEHOLDER: replaced by the demo-data work (loads project `demo` when the database is empty).
import type { Database } from "../db";

export async function loadDemoIfEmpty(_db: Database, _opts: { log: (msg: string) => void }): Promise<void> {}
