// keel rollups rebuild [--project NAME] [--from DATE] [--to DATE] | keel rollups verify [--project NAME] [--sample N]
import { defineCommand, result, say } from "../command";
import { withDatabase } from "../database";
import { UsageError } from "../args";
import { projectIdOf, projectName } from "./inputs";
import { sinceDate } from "./otel";

const REBUILD = "rollups rebuild";
const VERIFY = "rollups verify";

export const rollupsRebuild = defineCommand({
  name: REBUILD,
  summary: "rebuild the hourly metric rollups from the stored runs",
  help: `
Usage: keel rollups rebuild [--project NAME] [--from DATE] [--to DATE]

Keel keeps hourly rollups of runs and tool calls (counts, costs, sessions, latency sketches) as
it ingests them; the dashboards read them. This recomputes them from the stored runs: after
upgrading a database that holds runs, after loading runs with COPY, or to repair. It works in
chunks of 24 hours per project, each in one transaction, and prints each chunk it finished.
Running it again changes nothing; stopped midway, run it again (with --from at the last hour it
printed to skip the finished chunks).

Options:
  --project NAME   only this project (name or slug); default: every project
  --from DATE      from this hour (YYYY-MM-DD, UTC, or an RFC 3339 time); default: the first run
  --to DATE        up to this hour (exclusive, rounded up to the hour); default: after the last run
  -h, --help       show this help
`,
  flags: { project: "string", from: "string", to: "string" },
  async run(flags) {
    const slug = flags.project ? projectName(flags.project, REBUILD).slug : null;
    const from = flags.from ? sinceDate(flags.from, REBUILD, "--from") : null;
    const to = flags.to ? sinceDate(flags.to, REBUILD, "--to") : null;
    if (from && to && from >= to) throw new UsageError("--from must be before --to", REBUILD);
    const { rebuildRollups } = await import("@/lib/server/services/rollups");
    const done = await withDatabase(async (db) => {
      const projectId = slug ? await projectIdOf(db, slug) : null;
      return rebuildRollups(db, { projectId, from, to, onChunk: (c) => say(`  rebuilt ${c.from.toISOString()} to ${c.to.toISOString()}`) });
    });
    result(`Rebuilt the rollups of ${done.hours} hour${done.hours === 1 ? "" : "s"} in ${done.projects} project${done.projects === 1 ? "" : "s"}.`);
  },
});

export const rollupsVerify = defineCommand({
  name: VERIFY,
  summary: "recompute a sample of rollup hours from the stored runs and compare",
  help: `
Usage: keel rollups verify [--project NAME] [--sample N]

Picks up to N random hours that have rollups and up to N random hours that have runs, recomputes
every rollup row of each from the stored runs and compares. Exits 1 and lists the differing
hours when any row differs (then run 'keel rollups rebuild' for those hours), 0 otherwise.

Options:
  --project NAME   only this project (name or slug); default: every project
  --sample N       hours to sample from each side (default 50)
  -h, --help       show this help
`,
  flags: { project: "string", sample: "string" },
  async run(flags) {
    const slug = flags.project ? projectName(flags.project, VERIFY).slug : null;
    const sample = flags.sample === undefined ? 50 : Number(flags.sample);
    if (!Number.isInteger(sample) || sample < 1 || sample > 100_000)
      throw new UsageError(`invalid value '${flags.sample}' for --sample: a whole number from 1 to 100000`, VERIFY);
    const { verifyRollups } = await import("@/lib/server/queries/rollups");
    const r = await withDatabase(async (db) => {
      const projectId = slug ? await projectIdOf(db, slug) : null;
      return verifyRollups(db, { projectId, sample });
    });
    for (const m of r.mismatches) say(`  mismatch: project ${m.projectId}, hour ${m.hour}, ${m.table}: ${m.rows} row${m.rows === 1 ? "" : "s"}`);
    if (r.mismatches.length)
      throw new Error(`${r.mismatches.length} rollup table-hour${r.mismatches.length === 1 ? "" : "s"} differ from the raw runs (of ${r.hoursChecked} hours checked)`);
    result(`Checked ${r.hoursChecked} hour${r.hoursChecked === 1 ? "" : "s"}: the rollups match the raw runs.`);
  },
});
