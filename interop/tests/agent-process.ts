// Runs one agent of interop/agents as a child Node process (its own OpenTelemetry globals) and
// returns the JSON line it prints: the trace id of its run and what it saw.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const AGENTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "agents");

export interface Transport {
  protocol: "protobuf" | "json";
  processor: "simple" | "batch";
  gzip: boolean;
  /** Configure the exporter from OTEL_EXPORTER_OTLP_* variables only (docs/otel.md), not in code. */
  otlpEnv?: boolean;
}

export interface AgentResult {
  traceId: string;
  rootSpanId: string;
  text: string | null;
  error: string | null;
}

export interface AgentRun {
  script: string;
  variant?: string;
  baseURL: string;
  key: string;
  workflow: string;
  session: string;
  failing: boolean;
  openaiBaseURL: string;
  transport: Transport;
}

export function runAgent(a: AgentRun): Promise<AgentResult> {
  const endpoint = `${a.baseURL.replace(/\/+$/, "")}/api/otel`;
  const args = [
    path.join(AGENTS_DIR, a.script),
    "--protocol", a.transport.protocol,
    "--processor", a.transport.processor,
    "--workflow", a.workflow,
    "--session", a.session,
    "--openai-base-url", a.openaiBaseURL,
    ...(a.variant ? ["--variant", a.variant] : []),
    ...(a.failing ? ["--failing"] : []),
  ];
  // Nothing of the caller's OpenTelemetry or Traceloop set-up may reach the agent.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("OTEL_") && !k.startsWith("TRACELOOP_")),
  );
  if (a.transport.otlpEnv) {
    args.push("--otlp-env");
    env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer ${a.key}`;
    if (a.transport.gzip) env.OTEL_EXPORTER_OTLP_COMPRESSION = "gzip";
  } else {
    args.push("--endpoint", endpoint, "--key", a.key, ...(a.transport.gzip ? ["--gzip"] : []));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${a.script} exited ${code ?? signal}:\n${stderr}\n${stdout}`));
      try {
        const result = JSON.parse(last) as AgentResult;
        if (!/^[0-9a-f]{32}$/.test(result.traceId ?? "")) throw new Error("no trace id");
        // Exporter errors (a refused request, a timeout) go to stderr through OpenTelemetry's diag;
        // Node's own deprecation/experimental warnings are not the agent's.
        const problems = stderr
          .split("\n")
          .filter((l) => l.trim() && !/^\(node:\d+\) \[?\w*\]? ?(\w+Warning)/.test(l) && !l.includes("--trace-deprecation") && !l.includes("--trace-warnings"));
        if (problems.length) return reject(new Error(`${a.script} wrote to stderr:\n${stderr}`));
        resolve(result);
      } catch (err) {
        reject(new Error(`${a.script}: no result line (${(err as Error).message}):\n${stdout}\n${stderr}`));
      }
    });
  });
}
