// keel budgets reevaluate --from DATE --to DATE [--project NAME]
import { defineCommand, result, say } from "../command";
import { withDatabase } from "../database";
import { requireFlag, UsageError } from "../args";
import { cliActor, projectIdOf, projectName } from "./inputs";
import { sinceDate } from "./otel";

const REEVALUATE = "budgets reevaluate";

export const budgetsReevaluate = defineCommand({
  name: REEVALUATE,
  summary: "re-evaluate stored runs against the current workflow budgets",
  help: `
Usage: keel budgets reevaluate --from DATE --to DATE [--project NAME]

A workflow budget applies to runs stored after it is set or changed; the breaches of runs already
stored stay as they were found. This recomputes them for the runs that started in [from, to)
against the budgets as they are now (docs/guardrails.md#budgets), 1,000 runs per transaction.
Running it twice changes nothing the second time. Each project's run is audited (actor CLI).

Options:
  --from DATE      the window's start (YYYY-MM-DD, UTC, or an RFC 3339 time)
  --to DATE        the window's end, excluded; at most 90 days after --from
  --project NAME   only this project (name or slug); default: every project
  -h, --help       show this help
`,
  flags: { from: "string", to: "string", project: "string" },
  async run(flags) {
    const from = sinceDate(requireFlag(flags.from, "from", REEVALUATE), REEVALUATE, "--from");
    const to = sinceDate(requireFlag(flags.to, "to", REEVALUATE), REEVALUATE, "--to");
    const { reevaluateBodySchema } = await import("@/lib/shared/budgets");
    const checked = reevaluateBodySchema.safeParse({ from: from.toISOString(), to: to.toISOString() });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new UsageError(`invalid value for --${String(issue.path[0] ?? "from")}: ${issue.message}`, REEVALUATE);
    }
    const slug = flags.project ? projectName(flags.project, REEVALUATE).slug : null;
    const { reevaluateBudgets } = await import("@/lib/server/services/budgets");
    const totals = await withDatabase(async (db) => {
      const projects = slug
        ? [{ id: await projectIdOf(db, slug), slug }]
        : await db.prisma.project.findMany({ select: { id: true, slug: true }, orderBy: { slug: "asc" } });
      let runs = 0;
      let breachingRuns = 0;
      for (const p of projects) {
        const r = await reevaluateBudgets(db, p.id, checked.data, cliActor(REEVALUATE));
        say(`  ${p.slug}: ${r.runs} run${r.runs === 1 ? "" : "s"}, ${r.breachingRuns} over budget`);
        runs += r.runs;
        breachingRuns += r.breachingRuns;
      }
      return { runs, breachingRuns, projects: projects.length };
    });
    result(
      `Re-evaluated ${totals.runs} run${totals.runs === 1 ? "" : "s"} in ${totals.projects} project${totals.projects === 1 ? "" : "s"} ` +
        `from ${from.toISOString()} to ${to.toISOString()}: ${totals.breachingRuns} over budget.`,
    );
  },
});
