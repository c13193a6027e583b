// The one fetch helper of the pages: JSON in, JSON out, errors as ApiError with the server's message.
// Every answer is parsed with the endpoint's response schema (lib/shared/api/*, the same schema the
// route declares), in production too: it costs little next to the request, and a server that
// drifts from its schema shows as the hook's error state (ApiError "invalid_response"), never as a
// page that reads a field that is not there.
import type { z } from "zod";
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type QueryValue = string | number | boolean | null | undefined | readonly string[];

export function buildUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function apiFetch<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { query?: Record<string, QueryValue>; method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.output<S>> {
  const res = await fetch(buildUrl(path, init.query), {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: "same-origin",
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // non-JSON (proxy error page): fall through with the status
  }
  if (!res.ok) throw errorOf(res.status, data);
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  // Not ApiError.issues: those are the request's fields, which forms show beside their inputs.
  const first = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }))[0];
  throw new ApiError(
    res.status,
    "invalid_response",
    `the server's answer to ${path} does not match what this page expects${first ? ` (${first.path || "(root)"}: ${first.message})` : ""}`,
  );
}

function errorOf(status: number, data: unknown): ApiError {
  const d = (data !== null && typeof data === "object" ? data : {}) as { error?: unknown; message?: unknown; issues?: unknown };
  const issues = Array.isArray(d.issues) ? (d.issues as { path: string; message: string }[]) : undefined;
  return new ApiError(
    status,
    typeof d.error === "string" ? d.error : "http_error",
    typeof d.message === "string" ? d.message : `request failed (${status})`,
    issues,
  );
}
