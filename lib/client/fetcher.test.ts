// The pages' fetch helper parses every answer with the endpoint's schema: a server that drifts
// from it is an ApiError (the hook's error state), never a value of the wrong shape.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, apiFetch } from "./fetcher";

const schema = z.object({ runs: z.number(), rate: z.number().nullable() });
const answer = (body: unknown, status = 200) =>
  vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })));

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch", () => {
  it("answers the parsed body, typed by the schema", async () => {
    answer({ runs: 3, rate: null });
    await expect(apiFetch("/api/v1/x", schema)).resolves.toEqual({ runs: 3, rate: null });
  });

  it("a body that does not match is an ApiError 'invalid_response' naming the field", async () => {
    answer({ runz: 3, rate: null });
    const err = await apiFetch("/api/v1/x", schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("invalid_response");
    expect((err as ApiError).message).toContain("runs:");
    expect((err as ApiError).issues).toBeUndefined();
  });

  it("an error answer keeps the server's code, message and issues", async () => {
    answer({ error: "invalid_request", message: "bad", issues: [{ path: "name", message: "required" }] }, 400);
    const err = (await apiFetch("/api/v1/x", schema).catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code, err.message, err.issues]).toEqual([400, "invalid_request", "bad", [{ path: "name", message: "required" }]]);
  });
});
