// keel otel remap [--project NAME] [--since DATE]
import { defineCommand, result, say } from "../command";
import { withDatabase } from "../database";
import { UsageError } from "../args";
import { cliActor, projectIdOf, projectName } from "./inputs";

const REMAP = "otel remap";

/** YYYY-MM-DD (00:00 UTC) or an RFC 3339 instant, the value of `flag`. */
export function sinceDate(value: string, command: string, flag = "--since"): Date {
  const v = value.trim();
  const ms = /^\d{4}-\d\d-\d\d$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`invalid value '${value}' for ${flag}: a date YYYY-MM-DD or an RFC 3339 time`, command);
  return new Date(ms);
}

export const otelRemap = defineCommand({
  name: REMAP,
  summary: "rebuild the runs of stored OpenTelemetry traces with the current mapping",
  help: `
Usage: keel otel remap [--project NAME] [--since DATE]

Keel keeps every OpenTelemetry span it receives. This rebuilds the runs of the stored traces with
the current trace → run mapping (docs/otel.md), e.g. after an upgrade that maps a framework better.
It works in batches of 200 traces and prints its progress. Stopped midway (Ctrl-C, a crash), it
resumes where it stopped when run again with the same options. Running it twice changes nothing
the second time. A run keeps its id and its incident links; a run sent through POST /api/v1/runs
under a trace's id is left as sent.

Options:
  --project NAME   only this project's traces (name or slug); default: every project
  --since DATE     only traces with a span that started at or after DATE (YYYY-MM-DD, UTC, or an RFC 3339 time)
  -h, --help       show this help
`,
  flags: { project: "string", since: "string" },
  async run(flags) {
    const slug = flags.project ? projectName(flags.project, REMAP).slug : null;
    const since = flags.since ? sinceDate(flags.since, REMAP) : null;
    const { runRemap, startRemap } = await import("@/lib/server/otel/remap");
    const job = await withDatabase(async (db) => {
      const projectId = slug ? await projectIdOf(db, slug) : null;
      const { job, resumed } = await startRemap(db, { projectId: projectId ?? null, since }, cliActor(REMAP));
      say(
        resumed
          ? `Resuming remap ${job.id} at ${job.doneTraces} of ${job.totalTraces} traces.`
          : `Re-mapping ${job.totalTraces} trace${job.totalTraces === 1 ? "" : "s"}${slug ? ` of project '${slug}'` : ""}${since ? ` since ${since.toISOString()}` : ""} (job ${job.id}).`,
      );
      return runRemap(db, job.id, {
        onProgress: (j) => {
          if (j.status === "running") say(`  ${j.doneTraces} of ${j.totalTraces} traces`);
        },
      });
    });
    result(
      `Re-mapped ${job.doneTraces} trace${job.doneTraces === 1 ? "" : "s"}: ${job.runsWritten} run${job.runsWritten === 1 ? "" : "s"} rebuilt, ` +
        `${job.runsKept} native run${job.runsKept === 1 ? "" : "s"} left as sent, ${job.tracesWithoutRun} without a run.`,
    );
  },
});
