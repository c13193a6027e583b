#!/usr/bin/env node
// Records what each framework really exports: every agent of interop/agents runs once cleanly and
// once with its second tool failing, exporting OTLP/JSON (Simple span processor: one request per
// ended span, in the order sent) to a local receiver; the request bodies are saved as
// interop/fixtures/<framework>-<clean|failing-tool>.json (an array of ExportTraceServiceRequest).
//
//   node interop/scripts/record-fixtures.mjs [framework…]
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { FRAMEWORKS } from "../support/frameworks.mjs";
import { startFakeOpenAI } from "../support/fake-openai.mjs";
import { startReceiver } from "../support/receiver.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const fake = await startFakeOpenAI();
try {
  for (const fw of FRAMEWORKS.filter((f) => !only.length || only.includes(f.id))) {
    for (const failing of [false, true]) {
      const receiver = await startReceiver();
      const args = [
        path.join(here, "..", "agents", fw.script),
        "--endpoint", receiver.url, "--key", "fixture-key",
        "--protocol", "json", "--processor", "simple",
        "--workflow", `support-${fw.id}`, "--session", `session-${fw.id}`,
        "--openai-base-url", fake.baseURL,
        ...(fw.variant ? ["--variant", fw.variant] : []),
        ...(failing ? ["--failing"] : []),
      ];
      const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: "utf8" });
      await receiver.close();
      const file = path.join(here, "..", "fixtures", `${fw.id}-${failing ? "failing-tool" : "clean"}.json`);
      writeFileSync(file, `${JSON.stringify(receiver.requests, null, 1)}\n`);
      console.log(`${path.basename(file)}: ${receiver.requests.length} requests; agent: ${stdout.trim().split("\n").at(-1)}`);
    }
  }
} finally {
  await fake.close();
}
