// Every API route declares what it answers (issue 13, typed API end to end): a zod schema of its
// JSON body, or an explicit non-JSON marker. This walks app/api like Next does (every route.ts)
// and fails on an HTTP method export without a declaration. The e2e runs (scripts/e2e.mjs) set
// KEEL_CHECK_RESPONSES=1, so every real answer of every API and UI spec is parsed with it; the
// check itself is pinned below.
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextResponse } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { declaredRoute, nonJson, RESPONSE_SPEC, type ResponseSpec } from "./route";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

const isZod = (s: ResponseSpec): s is z.ZodType => s instanceof z.ZodType;

describe("every route declares its response", () => {
  const files = routeFiles(path.join(ROOT, "app/api")).sort();

  it("finds the routes", () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files.map((f) => path.relative(ROOT, f)))("%s", async (file) => {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const handlers = METHODS.filter((m) => typeof mod[m] === "function");
    expect(handlers.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of handlers) {
      const spec = (mod[method] as { [RESPONSE_SPEC]?: ResponseSpec })[RESPONSE_SPEC];
      expect(spec, `${method} ${file}: no response schema (apiRoute({ response }) or declaredRoute)`).toBeDefined();
      if (!isZod(spec!)) expect(spec!.nonJson.length, `${method} ${file}: say why it is not JSON`).toBeGreaterThan(10);
    }
  });

  it("counts JSON routes with a schema and the non-JSON ones", async () => {
    let schemas = 0;
    const other: string[] = [];
    for (const f of files) {
      const mod = (await import(f)) as Record<string, { [RESPONSE_SPEC]?: ResponseSpec }>;
      for (const m of METHODS) {
        const spec = mod[m]?.[RESPONSE_SPEC];
        if (!spec) continue;
        if (isZod(spec)) schemas++;
        else other.push(`${m} ${path.relative(ROOT, f)}`);
      }
    }
    // The only answers that are not one JSON document: OTLP (protobuf or OTLP JSON), next-auth, the
    // OpenSLO export (YAML), a postmortem (JSON, or Markdown with ?format=markdown), the catch-all
    // that only ever answers the 404 error body, and deleting a workflow budget (204, no body).
    expect(other.sort()).toEqual([
      "DELETE app/api/[[...path]]/route.ts",
      "DELETE app/api/v1/settings/budgets/[workflow]/route.ts",
      "GET app/api/[[...path]]/route.ts",
      "GET app/api/auth/[...nextauth]/route.ts",
      "GET app/api/v1/incidents/[number]/postmortem/route.ts",
      "GET app/api/v1/objectives/openslo/route.ts",
      "HEAD app/api/[[...path]]/route.ts",
      "OPTIONS app/api/[[...path]]/route.ts",
      "PATCH app/api/[[...path]]/route.ts",
      "POST app/api/[[...path]]/route.ts",
      "POST app/api/auth/[...nextauth]/route.ts",
      "POST app/api/otel/v1/traces/route.ts",
      "PUT app/api/[[...path]]/route.ts",
    ]);
    expect(schemas).toBe(105);
  });
});

describe("KEEL_CHECK_RESPONSES=1", () => {
  const schema = z.object({ id: z.string(), items: z.array(z.object({ count: z.number() })) });
  const route = (body: unknown, init?: ResponseInit) => declaredRoute(schema, async (_req: Request) => NextResponse.json(body, init));
  const call = (h: (req: Request) => Promise<Response>) => h(new Request("http://keel.test/api/v1/things?project=p", { method: "POST" }));

  afterEach(() => vi.unstubAllEnvs());

  it("a body that does not match answers 500 naming the route and the path of the first issue", async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await call(route({ id: "a", items: [{ count: "3" }] }, { status: 201 }));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("response_schema_mismatch");
    expect(body.message).toContain("POST /api/v1/things");
    expect(body.message).toContain("items.0.count:");
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it("a matching body goes out untouched: status, headers and body", async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    const res = await call(route({ id: "a", items: [] }, { status: 201, headers: { Location: "/a" } }));
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/a");
    expect(await res.json()).toEqual({ id: "a", items: [] });
  });

  it("errors (4xx, 5xx) are not checked: they have the error shape, not the success one", async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    const res = await call(route({ error: "not_found", message: "x" }, { status: 404 }));
    expect(res.status).toBe(404);
  });

  it("off (production default): nothing is parsed", async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "");
    const res = await call(route({ id: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 1 });
  });

  it("a non-JSON route is never parsed", async () => {
    vi.stubEnv("KEEL_CHECK_RESPONSES", "1");
    const h = declaredRoute(nonJson("protobuf bytes for the test"), async (_req: Request) => new Response(new Uint8Array([1, 2]), { status: 200 }));
    expect((await call(h)).status).toBe(200);
  });
});
