import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/server/auth/page-context";
import { AppHeader } from "@/components/shell/app-header";
import { formatCount } from "@/lib/shared/format";
import { MAX_RUNS_PER_BATCH, MAX_START_AHEAD_MS, MAX_TOOL_CALLS } from "@/lib/shared/run-schema";
import { ANSWER_EXAMPLE, CURL_EXAMPLE, TS_SENDER } from "./samples";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sending runs" };

type Row = [field: string, type: string, rule: ReactNode];

const RUN_FIELDS: Row[] = [
  ["id", "string, 1–128 chars", "Your id of the run, unique per project. Sending it again never makes a second run."],
  ["traceId", "string", <>Optional; defaults to <C>id</C>.</>],
  ["sessionId", "string", "Required. One conversation or ticket; several runs may share it."],
  ["workflow", "string, 1–100", <>Required, e.g. <C>refund-request</C>.</>],
  ["environment", "production | canary | staging | sandbox", <>Default <C>production</C>.</>],
  ["model", "string", <>Required, e.g. <C>gpt-4.1</C>.</>],
  ["promptVersion", "string", <>Required, e.g. <C>v12</C>.</>],
  ["release", "string", <>Optional; defaults to <C>model@promptVersion</C>.</>],
  [
    "startedAt, endedAt",
    "RFC 3339 with Z or an offset",
    <>
      endedAt ≥ startedAt; startedAt at most {MAX_START_AHEAD_MS / 3_600_000} h after Keel receives the run (further ahead: rejected naming{" "}
      <C>startedAt</C>, see <a href="#future" className="text-accent-700 hover:underline">below</a>).
    </>,
  ],
  ["outcome", "success | failure | escalated", "Required."],
  [
    "failure",
    "{category, reason, critical?}",
    <>
      Required when outcome is <C>failure</C>, refused otherwise. category <C>tool_error</C> | <C>policy_violation</C> |{" "}
      <C>context_failure</C> | <C>model_failure</C>; reason 1–200 chars; critical defaults to false.
    </>,
  ],
  [
    "escalation",
    "{reason, reviewCostUsd?}",
    <>
      Required when outcome is <C>escalated</C>, refused otherwise. reason 1–200 chars; reviewCostUsd ≥ 0.
    </>,
  ],
  ["usage", "{inputTokens, outputTokens}", "Optional; integers ≥ 0."],
  ["costUsd", "number ≥ 0", "Required: the whole run's cost, retries included."],
  ["qualityScore", "number 0–1", "Optional."],
  ["toolCalls", `array, 0–${MAX_TOOL_CALLS}`, "In the order they happened."],
  ["metadata", "object", "Optional, at most 16 KB as JSON. Stored and shown, never interpreted."],
];

const TOOL_FIELDS: Row[] = [
  ["name", "string, 1–100", <>e.g. <C>ticketing.create</C>.</>],
  ["startedAt, endedAt", "RFC 3339", "Latency = endedAt − startedAt, in ms."],
  ["status", "ok | error | timeout | blocked", <><C>blocked</C> = stopped by a guardrail or allowlist.</>],
  ["errorType", "string", <>Optional, e.g. <C>invalid_parameters</C>.</>],
  ["retry", "boolean", "Default false; true when this call repeats an earlier one."],
  ["costUsd", "number ≥ 0", "Default 0."],
  ["input, output", "any JSON", <>Optional; each stored cut to 8 KB (then read back as text with <C>inputTruncated: true</C>).</>],
  ["idempotencyKey", "string, 1–256", "Optional; the request id the agent sent to a side-effecting tool (a retry with the same key is safe)."],
  ["sideEffect", "boolean", "Optional; true when the call changes the world (a refund, a ticket)."],
];

const ERRORS: [status: string, code: string, when: string, action: string][] = [
  ["200", "–", "The batch was processed.", "Runs under rejected were not stored: fix them before sending again."],
  ["400", "invalid_json", "The body is empty or not JSON.", "Fix the body."],
  ["400", "invalid_request", `The body is not an object; runs is not an array, is empty or has more than ${formatCount(MAX_RUNS_PER_BATCH)} runs.`, "Fix or split the batch."],
  ["401", "unauthorized", "No key, a malformed Authorization header, an unknown or revoked key.", "Send a valid key."],
  ["403", "forbidden", "The key lacks the ingest scope (people cannot send runs).", "Use a key with ingest."],
  ["413", "payload_too_large", "The body is over 5 MB.", "Send smaller batches."],
  ["429", "rate_limited", "The key is over its rate limit.", "Wait Retry-After seconds, send the same request."],
  ["503", "database_unavailable", "The database cannot be reached; nothing was stored.", "Wait Retry-After seconds, send the same request."],
];

function C({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{children}</code>;
}

function Code({ label, children }: { label: string; children: string }) {
  return (
    <figure className="mt-3">
      <figcaption className="text-xs font-medium text-slate-500">{label}</figcaption>
      <pre className="mt-1 overflow-x-auto rounded-lg border border-slate-800 bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100">
        <code>{children}</code>
      </pre>
    </figure>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="mt-10 scroll-mt-6">
      <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <div className="mt-2 space-y-3 text-sm leading-6 text-slate-700">{children}</div>
    </section>
  );
}

function FieldTable({ label, rows }: { label: string; rows: Row[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-xs font-medium text-slate-500">
          <tr>
            <th className="px-3 py-2">Field</th>
            <th className="px-3 py-2">Type</th>
            <th className="px-3 py-2">Rule</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([field, type, rule]) => (
            <tr key={field} className="border-t border-slate-100 align-top">
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs text-slate-900">{field}</td>
              <td className="px-3 py-2 font-mono text-xs text-slate-600">{type}</td>
              <td className="px-3 py-2 text-slate-700">{rule}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function IngestDocsPage() {
  const user = await requireUser("/docs/ingest");
  return (
    <div className="min-h-screen">
      <AppHeader email={user.email} />
      <main className="mx-auto max-w-4xl px-6 py-8">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sending runs</h1>
        <p className="mt-1 text-sm text-slate-600">
          Agents send each finished run to <C>POST /api/v1/runs</C> with an API key that has the <C>ingest</C> scope (
          <C>npx keel api-key create --project NAME --scope ingest</C>).
        </p>
        <nav aria-label="On this page" className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {[
            ["request", "Request"],
            ["run", "A run"],
            ["tool-call", "A tool call"],
            ["answer", "The answer"],
            ["examples", "Examples"],
            ["errors", "Errors"],
          ].map(([id, title]) => (
            <a key={id} href={`#${id}`} className="text-accent-700 hover:underline">
              {title}
            </a>
          ))}
        </nav>

        <Section id="request" title="Request">
          <p>
            <C>Authorization: Bearer &lt;key&gt;</C> and a JSON body: a batch <C>{'{"runs": [Run, ...]}'}</C> of 1 to{" "}
            {formatCount(MAX_RUNS_PER_BATCH)} runs, or a single Run object. At most 5 MB.
          </p>
        </Section>

        <Section id="run" title="A run">
          <FieldTable label="Run fields" rows={RUN_FIELDS} />
          <p className="text-xs text-slate-500">
            Optional fields may be <C>null</C>; unknown fields are ignored; times are stored in UTC to the millisecond. So that one
            bad run never fails a batch, Keel also refuses text with U+0000 or lone surrogates, identifiers over 256 characters,
            runs or calls longer than ~24.8 days, and times outside 1970–9999.
          </p>
          <p id="future" className="scroll-mt-6">
            <span className="font-medium text-slate-900">Runs dated in the future.</span> A run whose <C>startedAt</C> is more than{" "}
            {MAX_START_AHEAD_MS / 3_600_000} h after the time Keel receives it (one instant per request) is rejected on its own, with
            an error naming <C>startedAt</C>; the rest of the batch is stored. The margin absorbs clock drift; a run dated days ahead
            (a wrong clock, seconds read as milliseconds) would otherwise sit outside every window. Only the run&apos;s{" "}
            <C>startedAt</C> is pinned — runs and their tool calls are counted on it — so a long run may end, and call tools, later.
            Traces sent over OpenTelemetry follow the same rule: their spans are kept, but a future-dated trace makes no run.
          </p>
        </Section>

        <Section id="tool-call" title="A tool call">
          <FieldTable label="Tool call fields" rows={TOOL_FIELDS} />
        </Section>

        <Section id="answer" title="The answer">
          <p>
            Each run is checked on its own. Valid runs are stored, each with its tool calls, all or nothing, even when others in
            the batch are refused. <C>duplicates</C> counts runs whose id was already stored — by an earlier or concurrent request,
            or earlier in the same batch (the first copy wins) — so sending a batch again is always safe.
          </p>
          <Code label="200 OK">{ANSWER_EXAMPLE}</Code>
          <p>
            Read a run back with <C>GET /api/v1/runs/{"{id}"}</C> (a key with the <C>read</C> scope).
          </p>
        </Section>

        <Section id="examples" title="Examples">
          <Code label="curl">{CURL_EXAMPLE}</Code>
          <Code label="TypeScript, with retries (no dependencies)">{TS_SENDER}</Code>
        </Section>

        <Section id="errors" title="Errors">
          <p>
            Error bodies are JSON: <C>{'{"error": code, "message": text, "issues"?: [{path, message}]}'}</C>.
          </p>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" aria-label="Errors">
              <thead className="bg-slate-50 text-xs font-medium text-slate-500">
                <tr>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2">error</th>
                  <th className="px-3 py-2">When</th>
                  <th className="px-3 py-2">What to do</th>
                </tr>
              </thead>
              <tbody>
                {ERRORS.map(([status, code, when, action]) => (
                  <tr key={`${status}-${code}`} className="border-t border-slate-100 align-top">
                    <td className="px-3 py-2 font-mono text-xs text-slate-900">{status}</td>
                    <td className="px-3 py-2 font-mono text-xs text-slate-600">{code}</td>
                    <td className="px-3 py-2">{when}</td>
                    <td className="px-3 py-2">{action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            The rate limit is a token bucket per API key: one token per request, refilled at the project&apos;s{" "}
            <C>ingestRatePerSecond</C> (default 50) up to <C>ingestBurst</C> (default 100).
          </p>
        </Section>
      </main>
    </div>
  );
}
