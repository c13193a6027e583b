import "server-only";
// The one wrapper every /api/v1 handler goes through (STYLE.md): who is calling (API key or
// session), which project, may they do this (role or scope), parse path params, query and body
// with zod, and map every error to JSON. Handlers get typed input and return data, checked at
// compile time against the route's declared response schema (lib/shared/api/*, the schema the
// client hook parses with); people-only routes (`scope: null`) hand the handler a PersonActor.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { can, READ_SCOPE_ACTIONS, type Action, type Role, type Scope } from "@/lib/shared/permissions";
import { getDatabase, type Database } from "../db";
import { statementTimeoutMs } from "../db/open";
import { getSessionUser } from "../auth/session";
import { authenticateApiKey } from "./api-key-auth";
import { badRequest, forbidden, formatPath, HttpError, isDatabaseUnavailable, notFound, unauthorized } from "./errors";
import { readJsonBody } from "./body";

export type Actor =
  | { type: "user"; userId: string; email: string; role: Role }
  | { type: "apiKey"; apiKeyId: string; scopes: Scope[] };

/** A signed-in person: what the handler of a people-only route (`scope: null`) gets as its actor. */
export type PersonActor = Extract<Actor, { type: "user" }>;

export interface ProjectRef {
  id: string;
  slug: string;
  name: string;
}

export interface RouteContext<Q, B, P, A extends Actor = Actor> {
  req: NextRequest;
  db: Database;
  project: ProjectRef;
  actor: A;
  query: Q;
  body: B;
  params: P;
}

/** Routes that speak something other than one JSON document (protobuf, CSV, next-auth, a stream): said once, with why. */
export interface NonJsonResponse {
  readonly nonJson: string;
}
export const nonJson = (what: string): NonJsonResponse => ({ nonJson: what });

/** What a route declares it answers on success: a zod schema of the JSON body, or a non-JSON marker. */
export type ResponseSpec = z.ZodType | NonJsonResponse;

/** What a handler may return for its response spec: the body (checked against the schema at compile time) or a NextResponse of it. */
export type HandlerResult<R extends ResponseSpec> = R extends z.ZodType ? z.input<R> | NextResponse<z.input<R>> : unknown;

type ActorFor<S> = [S] extends [null] ? PersonActor : Actor;

export interface RouteConfig<QS extends z.ZodType, BS extends z.ZodType, PS extends z.ZodType, R extends ResponseSpec, S extends Scope | null | undefined> {
  /** The permission a person needs (their role must allow it). */
  action: Action;
  /**
   * The scope an API key needs; `null` = people only (e.g. fix items: keys cannot assign people),
   * and the handler's actor is then a PersonActor. Defaults to `read` for read actions.
   */
  scope?: S;
  query?: QS;
  body?: BS;
  /** The URL's dynamic segments (`[id]`), parsed like the query. */
  params?: PS;
  /** What a success answers (checked at compile time; at run time too with KEEL_CHECK_RESPONSES=1). */
  response: R;
  /** Body limit in bytes (default 1 MB). */
  maxBodyBytes?: number;
}

type Params = Record<string, string | string[]>;

/** The response spec a route handler declared; the route-list test reads it. */
export const RESPONSE_SPEC = Symbol.for("keel.responseSpec");
export type DeclaredHandler<H> = H & { [RESPONSE_SPEC]: ResponseSpec };

function declare<H extends (...args: never[]) => unknown>(handler: H, spec: ResponseSpec): DeclaredHandler<H> {
  return Object.assign(handler, { [RESPONSE_SPEC]: spec });
}

export function apiRoute<
  QS extends z.ZodType = z.ZodUndefined,
  BS extends z.ZodType = z.ZodUndefined,
  PS extends z.ZodType = z.ZodUndefined,
  R extends ResponseSpec = ResponseSpec,
  S extends Scope | null | undefined = undefined,
>(
  config: RouteConfig<QS, BS, PS, R, S>,
  handler: (ctx: RouteContext<z.infer<QS>, z.infer<BS>, z.infer<PS>, ActorFor<S>>) => Promise<HandlerResult<R>>,
) {
  return declare(async (req: NextRequest, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const rawParams = (await context?.params) ?? {};
      const db = await getDatabase();
      const { project, actor } = await resolveCaller(req, db, config);

      assertCleanParams(rawParams, "path");
      const params = config.params ? parseWith(config.params, rawParams, "path") : undefined;
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
        z.infer<PS>,
        ActorFor<S>
      >);
      const res = result instanceof Response ? result : NextResponse.json(result);
      return await checkedResponse(req, config.response, res);
    } catch (err) {
      return errorResponse(err);
    }
  }, config.response);
}

/**
 * For the few routes that do not go through apiRoute (no project to resolve: health, creating a
 * project; or not Keel's: next-auth): the response they declare, and the same run-time check.
 */
export function declaredRoute<Req extends Request, A extends unknown[]>(
  response: ResponseSpec,
  handler: (req: Req, ...rest: A) => Promise<Response>,
) {
  return declare(async (req: Req, ...rest: A): Promise<Response> => checkedResponse(req, response, await handler(req, ...rest)), response);
}

/** KEEL_CHECK_RESPONSES=1 (the e2e runs set it): every success is parsed with its route's schema. */
function responseCheckOn(): boolean {
  return process.env.KEEL_CHECK_RESPONSES === "1";
}

/**
 * With the check on, a 2xx JSON answer that does not parse with the route's schema becomes a 500
 * naming the route and the first issue's path, so every API and UI test doubles as a schema test.
 */
async function checkedResponse(req: Request, spec: ResponseSpec, res: Response): Promise<Response> {
  if (!responseCheckOn() || "nonJson" in spec || res.status < 200 || res.status >= 300) return res;
  const route = `${req.method} ${new URL(req.url).pathname}`;
  let data: unknown;
  try {
    data = JSON.parse(await res.clone().text());
  } catch {
    return mismatch(route, "the body is not JSON");
  }
  const parsed = (spec as z.ZodType).safeParse(data);
  if (parsed.success) return res;
  const issue = parsed.error.issues[0];
  return mismatch(route, issue ? `${formatPath(issue.path) || "(root)"}: ${issue.message}` : "does not match");
}

function mismatch(route: string, detail: string): Response {
  console.error(`[keel] response of ${route} does not match its schema: ${detail}`);
  return NextResponse.json(
    { error: "response_schema_mismatch", message: `the response of ${route} does not match its declared schema: ${detail}` },
    { status: 500 },
  );
}

async function resolveCaller(
  req: NextRequest,
  db: Database,
  config: { action: Action; scope?: Scope | null; body?: unknown },
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

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "query" | "body" | "path"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const first = issues[0];
  throw badRequest(
    `invalid ${where}: ${first ? `${first.path || "(root)"}: ${first.message}` : "does not match the expected shape"}`,
    issues,
  );
}

/**
 * PostgreSQL 57014 query_canceled: statement_timeout (KEEL_STATEMENT_TIMEOUT_MS) cut a query short.
 * pg's error carries the code; Prisma's wraps it (meta.driverAdapterError.cause.code).
 */
function isStatementTimeout(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 6 && e && typeof e === "object"; i++) {
    const o = e as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (o.code === "57014") return true;
    e = o.meta?.driverAdapterError ?? o.cause;
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
      {
        error: "query_timeout",
        message: `the query took longer than the server allows (KEEL_STATEMENT_TIMEOUT_MS = ${statementTimeoutMs()} ms); narrow the window or the filters`,
      },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  console.error("[keel] unhandled error in API route", err);
  return NextResponse.json({ error: "internal_error", message: "internal error" }, { status: 500 });
}
