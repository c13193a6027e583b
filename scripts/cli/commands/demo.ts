// keel demo [--reset]
import { defineCommand, result, say } from "../command";
import { describeTarget, withDatabase } from "../database";
import { DEMO_PASSWORD, DEMO_PROJECT_SLUG } from "@/lib/server/demo/constants";

export const demoCommand = defineCommand({
  name: "demo",
  summary: `load 30 days of demo data into project '${DEMO_PROJECT_SLUG}'`,
  help: `
Usage: keel demo [--reset]

Loads the demo into project '${DEMO_PROJECT_SLUG}': about 7,000 agent runs over the last 30 days
(7 workflows, 13 tools, every failure category, escalations, retries, a canary release), an
incident, gold-set results, fix items, the demo people (password ${DEMO_PASSWORD}) and an API key
(printed once). The server does the same by itself on its first start with an empty database
(set KEEL_DEMO=off to prevent that).

When project '${DEMO_PROJECT_SLUG}' already has runs this refuses, unless --reset is given: then the
project '${DEMO_PROJECT_SLUG}' and everything in it (runs, incidents, fix items, keys, memberships)
is deleted first. The demo people's accounts are kept.

Options:
  --reset      delete project '${DEMO_PROJECT_SLUG}' first, then load it afresh
  -h, --help   show this help
`,
  flags: { reset: "boolean" },
  async run(flags) {
    // Loaded only now: the demo modules pull in ingest and Prisma.
    const { countDemoRuns, deleteDemoProject, demoBanner, loadDemo } = await import("@/lib/server/demo/load");
    const banner = await withDatabase(async (db) => {
      const existing = await countDemoRuns(db);
      if (existing > 0 && !flags.reset) {
        throw new Error(
          `project '${DEMO_PROJECT_SLUG}' already has ${existing} runs; nothing loaded. ` +
            `Use 'keel demo --reset' to delete it and load the demo afresh.`,
        );
      }
      if (flags.reset && (await deleteDemoProject(db))) say(`Deleted project '${DEMO_PROJECT_SLUG}'.`);
      say(`Loading the demo into the ${describeTarget()}…`);
      const loaded = await loadDemo(db, { log: say });
      return demoBanner(loaded, Number(process.env.PORT || 3000));
    });
    result(banner);
  },
});
