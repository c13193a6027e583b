// Property-based fuzzing of the running server (fast-check; issue 11): batches of runs, query
// strings of every GET route, OTLP/JSON bodies. Properties: never a 5xx (nor a stall);
// accepted + duplicates + rejected = sent; valid runs are never refused and hostile ones never
// accepted; everything acknowledged reads back exactly once with its tool calls; nothing rejected
// is stored. Findings are counted (not thrown one by one) and the suite fails when any was found.
//
// A fixed seed per run. FUZZ_CASES (default 400) is the number of generated cases over the three
// suites (30% batches, 50% queries, 20% OTLP); FUZZ_SEED picks the seed. `npm run fuzz -- --cases
// 10000 [--seed N] [--db both]` runs this spec alone with more cases (scripts/fuzz.mjs).
// Everything is written to project `e2e-fuzz`, so no other spec's numbers see it.
import fc from "fast-check";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";
import { genOtlpRequest } from "../support/fuzz/otlp";
import { genQuery } from "../support/fuzz/queries";
import { FuzzReport, http, pool, sameJson } from "../support/fuzz/report";
import { genBatch, serializeBody, type GenBatch } from "../support/fuzz/runs";

const CASES = Math.max(3, Number(process.env.FUZZ_CASES || 400));
const SEED = Number(process.env.FUZZ_SEED || 20261211);
const SPLIT = { batches: Math.ceil(CASES * 0.3), queries: Math.ceil(CASES * 0.5), otlp: Math.max(1, CASES - Math.ceil(CASES * 0.3) - Math.ceil(CASES * 0.5)) };
// Generous: a case is a few requests; a stall is caught per request (60 s) anyway.
const timeoutFor = (cases: number, msPerCase: number) => 120_000 + cases * msPerCase;

const { baseURL } = fixtures;
const keyAuth = { Authorization: `Bearer ${fixtures.fuzz.key}` };
const json = { "Content-Type": "application/json" };
const runUrl = (id: string) => `/api/v1/runs/${encodeURIComponent(id)}`;

type Run = Record<string, unknown> & { id?: unknown; toolCalls?: Record<string, unknown>[] | null };
interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { index: number; id: string | null; errors: { path: string; message: string }[] }[];
}

function finish(report: FuzzReport) {
  const s = report.publish();
  expect(s.findings, JSON.stringify(s.examples, null, 1).slice(0, 20_000)).toEqual({});
}

test("fuzz: batches of valid and hostile runs are answered exactly and stored exactly once", async () => {
  test.setTimeout(timeoutFor(SPLIT.batches, 2_000));
  const report = new FuzzReport("batches", fixtures.db, SEED, SPLIT.batches);
  /** Every run acknowledged (accepted), by id, as the server parsed it. */
  const stored = new Map<string, Run>();
  /** Ids of rejected runs never acknowledged: must read as absent. */
  const rejectedIds = new Set<string>();
  const now = Date.now();

  const send = async (batch: GenBatch) => {
    const text = serializeBody(batch.single ? batch.runs[0].run : { runs: batch.runs.map((r) => r.run) });
    const parsed = JSON.parse(text) as unknown;
    const sent = (batch.single ? [parsed] : (parsed as { runs: unknown[] }).runs) as Run[];
    report.count("runs sent", sent.length);
    const res = await http(report, baseURL, "/api/v1/runs", { method: "POST", headers: { ...keyAuth, ...json }, body: text });
    if (!res) return;
    const what = { mutations: batch.runs.map((r) => r.mutation), status: res.status, answer: res.text.slice(0, 1000) };
    if (res.status >= 500) return report.find("5xx", what);
    const notAnObject = batch.single && (typeof parsed !== "object" || parsed === null || Array.isArray(parsed));
    if (notAnObject) return void (res.status === 400 ? report.count("bodies refused (400)") : report.find("unexpected status", what));
    if (res.status !== 200) return report.find("unexpected status", what);
    const answer = JSON.parse(res.text) as IngestAnswer;
    if (answer.accepted + answer.duplicates + answer.rejected.length !== sent.length) report.find("accepted + duplicates + rejected ≠ sent", what);
    const refused = new Set(answer.rejected.map((r) => r.index));
    batch.runs.forEach((g, i) => {
      if (g.verdict === "valid" && refused.has(i)) report.find("valid run refused", { mutation: g.mutation, errors: answer.rejected.find((r) => r.index === i)?.errors });
      if (g.verdict === "invalid" && !refused.has(i)) report.find("invalid run accepted", { mutation: g.mutation, run: JSON.stringify(sent[i]).slice(0, 500) });
    });
    // The first valid occurrence of an id not stored before is accepted; every other valid one is a duplicate.
    let expected = 0;
    const seen = new Set<string>();
    sent.forEach((run, i) => {
      if (refused.has(i) || typeof run.id !== "string" || seen.has(run.id)) return;
      seen.add(run.id);
      if (stored.has(run.id)) return;
      expected++;
      stored.set(run.id, run);
      rejectedIds.delete(run.id);
    });
    for (const r of answer.rejected) if (typeof r.id === "string" && !stored.has(r.id)) rejectedIds.add(r.id);
    if (answer.accepted !== expected) report.find("accepted count ≠ new valid ids", { ...what, expected });
    report.count("runs accepted", answer.accepted);
    report.count("runs duplicate", answer.duplicates);
    report.count("runs rejected", answer.rejected.length);
  };

  await fc.assert(fc.asyncProperty(genBatch(now), async (batch) => void (await send(batch))), { seed: SEED, numRuns: SPLIT.batches, endOnFailure: true });

  // Read everything back: each acknowledged run exactly as sent, with all its tool calls.
  await pool([...stored], 4, async ([id, sent]) => {
    const res = await http(report, baseURL, runUrl(id), { headers: keyAuth });
    if (!res) return;
    if (res.status === 404) return report.find("lost", { id });
    if (res.status !== 200) return report.find(res.status >= 500 ? "5xx" : "unexpected status", { id, status: res.status, body: res.text.slice(0, 500) });
    const got = JSON.parse(res.text) as Run & { toolCalls: Record<string, unknown>[] };
    const calls = sent.toolCalls ?? [];
    if (got.toolCalls.length !== calls.length) return report.find("half-stored", { id, sent: calls.length, stored: got.toolCalls.length });
    const differs = [
      got.id !== id && "id",
      got.workflow !== sent.workflow && "workflow",
      got.costUsd !== sent.costUsd && "costUsd",
      !sameJson(got.metadata, sent.metadata ?? null) && "metadata",
      calls.some((c, i) => got.toolCalls[i].name !== c.name) && "toolCalls.name",
      calls.some((c, i) => !got.toolCalls[i].inputTruncated && !sameJson(got.toolCalls[i].input, c.input ?? null)) && "toolCalls.input",
    ].filter(Boolean);
    if (differs.length) report.find("read back differs", { id, fields: differs });
  });
  // An id that is not well-formed Unicode cannot be stored (nor put in a URL): nothing to look up.
  await pool([...rejectedIds].filter((id) => id.isWellFormed()), 4, async (id) => {
    const res = await http(report, baseURL, runUrl(id), { headers: keyAuth });
    if (res && res.status !== 404 && res.status !== 400) report.find("rejected but stored", { id, status: res.status });
  });
  // Exactly once: the project holds as many runs as were acknowledged.
  const list = await http(report, baseURL, "/api/v1/runs?limit=1", { headers: keyAuth });
  const total = list?.status === 200 ? (JSON.parse(list.text) as { total: number }).total : null;
  if (total !== stored.size) report.find(total !== null && total > stored.size ? "duplicated" : "runs list total ≠ acknowledged", { total, acknowledged: stored.size });
  report.count("runs acknowledged", stored.size);
  report.count("rejected ids checked absent", rejectedIds.size);
  finish(report);
});

test("fuzz: query strings and path segments of every GET route never get a 5xx", async () => {
  test.setTimeout(timeoutFor(SPLIT.queries, 1_000));
  const report = new FuzzReport("queries", fixtures.db, SEED, SPLIT.queries);
  const ctx = await apiAs(playwrightRequest, fixtures.users.admin);
  const cookie = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await ctx.dispose();
  const headers = { key: keyAuth, session: { Cookie: cookie }, anonymous: {} };

  await fc.assert(
    fc.asyncProperty(genQuery(Date.now()), async (q) => {
      const res = await http(report, baseURL, q.url, { headers: headers[q.principal] });
      if (!res) return;
      report.count(`status ${res.status}`);
      const what = { url: q.url.slice(0, 300), principal: q.principal, status: res.status, body: res.text.slice(0, 300) };
      if (res.status >= 500) {
        report.find("5xx", what);
        const project = /[?&]project=([^&]*)/.exec(q.url)?.[1];
        report.count(`5xx at ${q.route.path} (${res.contentType.includes("json") ? "JSON" : "plain text"}${q.principal === "session" ? `, project=${project}` : ""})`);
      }
      // Next's own redirects of `..` segments and trailing slashes carry no body to check, nor does
      // Node's 431 for a request line over its header limit (URLs of several KB).
      else if ((res.status >= 300 && res.status < 400) || res.status === 431) return;
      else if (!res.contentType.includes("application/json")) report.find("not JSON", what);
      else if (/\n\s+at /.test(res.text)) report.find("stack trace in body", what);
      else if (res.status < 300 && q.unknownKeys.length) report.find("unknown parameter accepted", { ...what, unknownKeys: q.unknownKeys });
    }),
    { seed: SEED, numRuns: SPLIT.queries, endOnFailure: true },
  );
  finish(report);
});

test("fuzz: OTLP/JSON bodies with hostile spans: rejected spans counted exactly, clean traces become runs", async () => {
  test.setTimeout(timeoutFor(SPLIT.otlp, 2_000));
  const report = new FuzzReport("otlp", fixtures.db, SEED, SPLIT.otlp);
  const post = (body: string) => http(report, baseURL, "/api/otel/v1/traces", { method: "POST", headers: { ...keyAuth, ...json }, body });

  await fc.assert(
    fc.asyncProperty(genOtlpRequest(Date.now()), async (g) => {
      const body = serializeBody(g.body);
      const res = await post(body);
      if (!res) return;
      const what = { status: res.status, answer: res.text.slice(0, 500), body: body.slice(0, 500) };
      if (res.status >= 500) return report.find("5xx", what);
      if (res.status !== 200) return report.find("unexpected status", what);
      const answer = JSON.parse(res.text) as { partialSuccess?: { rejectedSpans?: number } };
      report.count("spans rejected", answer.partialSuccess?.rejectedSpans ?? 0);
      if ((answer.partialSuccess?.rejectedSpans ?? 0) !== g.rejected) report.find("rejectedSpans ≠ hostile spans", { ...what, expected: g.rejected });
      if (g.resend) {
        const again = await post(body);
        if (again && again.text !== res.text) report.find("a resent body answers differently", { first: res.text.slice(0, 300), again: again.text.slice(0, 300) });
      }
      for (const t of g.traces.filter((t) => t.clean)) {
        report.count("clean traces");
        const run = await http(report, baseURL, runUrl(t.traceId), { headers: keyAuth });
        if (!run) continue;
        if (run.status !== 200) report.find(run.status === 404 ? "lost (clean trace made no run)" : "unexpected status", { traceId: t.traceId, status: run.status, answer: res.text.slice(0, 300) });
        else if ((JSON.parse(run.text) as { toolCalls: unknown[] }).toolCalls.length !== t.toolSpans)
          report.find("half-stored (tool calls ≠ tool spans)", { traceId: t.traceId, expected: t.toolSpans, got: (JSON.parse(run.text) as { toolCalls: unknown[] }).toolCalls.length });
      }
    }),
    { seed: SEED, numRuns: SPLIT.otlp, endOnFailure: true },
  );
  finish(report);
});
