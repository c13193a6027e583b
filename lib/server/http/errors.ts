import "server-only";
// Errors that become JSON responses. Body shape: {"error": code, "message": text, "issues"?: [...]}.
export interface Issue {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const unauthorized = (message = "sign in or send an API key as 'Authorization: Bearer <key>'") =>
  new HttpError(401, "unauthorized", message);
export const forbidden = (message: string) => new HttpError(403, "forbidden", message);
export const notFound = (message = "not found") => new HttpError(404, "not_found", message);
export const badRequest = (message: string, issues?: Issue[]) => new HttpError(400, "invalid_request", message, issues);

/** "runs.0.toolCalls.2.name" style path, as clients see it in error lists. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join(".");
}

/** True when the error means the database cannot be reached (→ 503, the client should retry). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
    const code = typeof o.code === "string" ? o.code : "";
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "P1001", "P1002", "P1017", "P2024"].includes(code))
      return true;
    // PostgreSQL: 08xxx connection exceptions, 57P01..03 shutdown / cannot connect now, 53300 too many connections.
    if (/^(08...|57P0[123]|53300)$/.test(code)) return true;
    const msg = typeof o.message === "string" ? o.message : "";
    if (/Connection terminated|connection is closed|Client has encountered a connection error|terminating connection|Can't reach database|the database system is (starting up|shutting down)|PGlite is closed/i.test(msg))
      return true;
    e = o.cause;
  }
  return false;
}
