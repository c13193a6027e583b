// Calls /api route handlers in-process as a signed-in person or with an API key, the way the
// API tests do: the real wrapper (auth, permissions, parsing, errors), a real database, no server.
// The test file mocks the session module with the holder it passes here:
//   const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
//   vi.mock("@/lib/server/auth/session", () => ({ getSessionUser: async () => session.user }));
import path from "node:path";
import { NextRequest } from "next/server";

export const BASE = "http://keel.test";
export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The exports of app/api/<file>/route.ts. */
export const route = async (file: string) => (await import(path.join(ROOT, "app/api", file, "route.ts"))) as Record<string, Handler>;

export interface CallOptions {
  /** A person (their session) or an API key (Bearer). */
  as: SessionUser | { key: string } | null;
  body?: unknown;
  /** A raw body string (sent as is). */
  raw?: string;
  params?: Record<string, string>;
  method?: string;
  /** The project slug for a person (`?project=`). */
  project?: string;
  headers?: Record<string, string>;
}

export function harness(session: { user: SessionUser | null }) {
  return async function call(handler: Handler, url: string, opts: CallOptions) {
    const u = new URL(url, BASE);
    const byKey = opts.as !== null && "key" in opts.as;
    if (!byKey && opts.project) u.searchParams.set("project", opts.project);
    session.user = byKey || opts.as === null ? null : (opts.as as SessionUser);
    const headers: Record<string, string> = byKey ? { authorization: `Bearer ${(opts.as as { key: string }).key}` } : { origin: BASE, host: "keel.test" };
    const sent = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (sent !== undefined) headers["content-type"] = "application/json";
    const req = new NextRequest(u, { method: opts.method ?? (sent === undefined ? "GET" : "POST"), headers: { ...headers, ...opts.headers }, body: sent });
    const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
    const text = await res.text();
    const json = res.headers.get("content-type")?.startsWith("application/json");
    const body = (json ? JSON.parse(text) : {}) as Record<string, unknown> & { issues?: { path: string; message: string }[] };
    // The raw text only for answers that are not JSON (YAML, CSV): a JSON answer is its body.
    return json ? { status: res.status, body } : { status: res.status, body, text };
  };
}
