import "server-only";
// The one wrapper every /api/v1 handler goes through (STYLE.md): who is calling (API key or
// session), which project, may they do this (role or scope), parse query and body with zod,
// and map every error to JSON. Handlers get typed input and return data.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { can, READ_SCOPE_ACTIONS, type Action, type Role, type Scope } from "@/lib/shared/permissions";
import { getDatabase, type Database } from "../db";
import { getSessionUser } from "../auth/session";
import { authenticateApiKey } from "./api-key-auth";
import { badRequest, forbidden, formatPath, HttpError, isDatabaseUnavailable, notFound, unauthorized } from "./errors";
import { readJsonBody } from "./body";

export type Actor =
  | { type: "user"; userId: string; email: string; role: Role }
  | { type: "apiKey"; apiKeyId: string; scopes: Scope[] };

export interface ProjectRef {
  id: string;
  slug: string;
  name: string;
}

export interface RouteContext<Q, B, P> {
  req: NextRequest;
  db: Database;
  project: ProjectRef;
  actor: Actor;
  query: Q;
  body: B;
  params: P;
}

export interface RouteConfig<QS extends z.ZodType, BS extends z.ZodType> {
  /** The permission a person needs (their role must allow it). */
  action: Action;
  /**
   * The scope an API key needs; `null` = people only (e.g. fix items: keys cannot assign people).
   * Defaults to `read` for read actions.
   */
  scope?: Scope | null;
  query?: QS;
  body?: BS;
  /** Body limit in bytes (default 1 MB). */
  maxBodyBytes?: number;
}

type Params = Record<string, string | string[]>;

export function apiRoute<QS extends z.ZodType = z.ZodUndefined, BS extends z.ZodType = z.ZodUndefined, P extends Params = Params>(
  config: RouteConfig<QS, BS>,
  handler: (ctx: RouteContext<z.infer<QS>, z.infer<BS>, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const params = ((await context?.params) ?? {}) as P;
      const db = await getDatabase();
      const { project, actor } = await resolveCaller(req, db, config);

      assertCleanParams(params, "path");
      const rawQuery = searchParamsObject(req);
      assertCleanParams(rawQuery, "query");
      if (config.query) assertKnownQueryKeys(config.query, rawQuery);
      const query = config.query ? parseWith(config.query, rawQuery, "query") : undefined;
      let body: unknown = undefined;
      if (config.body) {
        const raw = await readJsonBody(req, config.maxBodyBytes ?? 1024 * 1024);
        body = parseWith(config.body, raw, "body");
      }
      const result = await handler({ req, db, project, actor, query, body, params } as RouteContext<
        z.infer<QS>,
        z.infer<BS>,
        P
      >);
      if (result instanceof Response) return result;
      return NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function resolveCaller(
  req: NextRequest,
  db: Database,
  config: RouteConfig<z.ZodType, z.ZodType>,
): Promise<{ project: ProjectRef; actor: Actor }> {
  const authz = req.headers.get("authorization");
  if (authz !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authz);
    if (!match) throw unauthorized("the Authorization header must be 'Bearer <key>'");
    const key = await authenticateApiKey(db, match[1]);
    if (!key) throw unauthorized("the API key is unknown or revoked");
    const scope = config.scope === undefined ? "read" : config.scope;
    if (scope === null) throw forbidden("API keys cannot do this; a signed-in person with the right role can");
    if (!key.scopes.includes(scope)) throw forbidden(`this API key lacks the '${scope}' scope`);
    if (scope === "read" && !READ_SCOPE_ACTIONS.includes(config.action))
      throw forbidden("API keys cannot do this; a signed-in person with the right role can");
    return { project: key.project, actor: { type: "apiKey", apiKeyId: key.id, scopes: key.scopes } };
  }

  const user = await getSessionUser();
  if (!user) throw unauthorized();
  assertSameOriginWrite(req, config.body !== undefined);
  const slug = req.nextUrl.searchParams.get("project");
  if (!slug) throw badRequest("the query parameter 'project' (the project's slug) is required", [
    { path: "project", message: "required" },
  ]);
  assertCleanParams({ project: slug }, "query");
  const membership = await db.prisma.membership.findFirst({
    where: { userId: user.id, project: { slug } },
    select: { role: true, project: { select: { id: true, slug: true, name: true } } },
  });
  // No membership: the project does not exist for this person (CONTRACT §1), whether or not it does.
  if (!membership) throw notFound(`project '${slug}' not found`);
  if (!can(membership.role, config.action))
    throw forbidden(`your role '${membership.role}' does not allow '${config.action}'`);
  return {
    project: membership.project,
    actor: { type: "user", userId: user.id, email: user.email, role: membership.role },
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for writes made with a session cookie (API keys are not ambient credentials, so
 * they need none): the browser's Origin must be this server's (Chromium and Firefox send it on
 * every cross-origin POST, PATCH and DELETE, form posts included); without an Origin, a
 * `Sec-Fetch-Site` of cross-site or same-site (a sibling subdomain) is refused too. A body must be
 * JSON: an HTML form can only send text/plain, urlencoded or multipart, never application/json
 * without a CORS preflight that this server never grants.
 */
export function assertSameOriginWrite(req: NextRequest, hasBody: boolean): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost !== host)
      throw forbidden(`cross-origin request refused: Origin '${origin}' is not this server`);
  } else {
    const site = req.headers.get("sec-fetch-site");
    if (site === "cross-site" || site === "same-site")
      throw forbidden("cross-origin request refused (Sec-Fetch-Site: " + site + ")");
  }
  if (hasBody) {
    const type = req.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type))
      throw new HttpError(415, "unsupported_media_type", "the body must be JSON, sent with 'Content-Type: application/json'", [
        { path: "content-type", message: "must be application/json" },
      ]);
  }
}

/**
 * Text the database cannot hold (a NUL byte; a lone UTF-16 surrogate) is refused naming the
 * parameter, before any query sees it (PostgreSQL would answer an error that is not the client's to
 * read). So is U+FFFD: Next decodes invalid percent-encoded UTF-8 in the URL (%ED%A0%80, a lone
 * surrogate) into U+FFFD before Keel sees it, and a filter must not silently match something else.
 */
function assertCleanParams(values: Record<string, string | string[]>, where: "query" | "path"): void {
  for (const [name, v] of Object.entries(values)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (typeof item !== "string") continue;
      if (item.includes("\u0000") || item.includes("\ufffd") || !item.isWellFormed())
        throw badRequest(`invalid ${where}: ${name}: contains a NUL byte or invalid UTF-8`, [
          { path: name, message: "contains a NUL byte or invalid UTF-8" },
        ]);
    }
  }
}

/** The keys an object schema (possibly refined, preprocessed or transformed) reads; null when unknown. */
function objectKeys(schema: z.ZodType): string[] | null {
  let s: unknown = schema;
  for (let i = 0; i < 6 && s; i++) {
    const def = (s as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; in?: unknown; out?: unknown } } })._zod?.def;
    if (!def) return null;
    if (def.type === "object" && def.shape) return Object.keys(def.shape);
    if (def.type !== "pipe") return null;
    const inner = (def.in as { _zod?: { def?: { type?: string } } })?._zod?.def?.type === "transform" ? def.out : def.in;
    s = inner;
  }
  return null;
}

/** A misspelt filter must not silently widen a query: unknown query parameters are refused. */
function assertKnownQueryKeys(schema: z.ZodType, raw: Record<string, string | string[]>): void {
  const known = objectKeys(schema);
  if (!known) return;
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length)
    throw badRequest(
      `invalid query: unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `'${k}'`).join(", ")} (known: ${known.join(", ")}, project)`,
      unknown.map((k) => ({ path: k, message: "unknown parameter" })),
    );
}

function searchParamsObject(req: NextRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of req.nextUrl.searchParams) {
    if (k === "project") continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "query" | "body"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  throw badRequest(
    `invalid ${where}: ${first ? `${first.path || "(root)"}: ${first.message}` : "does not match the expected shape"}`,
    issues,
  );
}

/** PostgreSQL 57014 query_canceled: statement_timeout (KEEL_STATEMENT_TIMEOUT_MS) cut a query short. */
function isStatementTimeout(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const o = e as { code?: unknown; cause?: unknown };
    if (o.code === "57014") return true;
    e = o.cause;
  }
  return false;
}

export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return NextResponse.json(
      { error: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) },
      { status: err.status, headers: err.headers },
    );
  }
  if (isDatabaseUnavailable(err)) {
    return NextResponse.json(
      { error: "database_unavailable", message: "the database cannot be reached; retry later with the same request" },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  if (isStatementTimeout(err)) {
    return NextResponse.json(
      { error: "query_timeout", message: "the query took longer than the server allows; narrow the window or the filters" },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  console.error("[keel] unhandled error in API route", err);
  return NextResponse.json({ error: "internal_error", message: "internal error" }, { status: 500 });
}
