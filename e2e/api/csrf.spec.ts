// CSRF: a write made with a session cookie must come from this server's own pages. A foreign
// Origin, a cross-site Sec-Fetch-Site, or a non-JSON body is refused and changes nothing; API keys
// (not ambient credentials) are not affected.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const tag = Math.random().toString(36).slice(2, 8);
const membersUrl = `/api/v1/settings/members?project=${slug}`;

test("session writes: foreign Origin 403, cross-site fetch 403, text/plain 415, nothing stored; same origin 201", async () => {
  const admin = await apiAs(playwrightRequest, fixtures.users.admin);
  try {
    const body = (email: string) => ({ email, role: "admin", password: "attacker-pass-1" });

    const foreign = await admin.post(membersUrl, { data: body(`evil1-${tag}@example.com`), headers: { origin: "http://127.0.0.1:1" } });
    expect(foreign.status()).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: "forbidden", message: "cross-origin request refused: Origin 'http://127.0.0.1:1' is not this server" });

    const opaque = await admin.post(membersUrl, { data: body(`evil2-${tag}@example.com`), headers: { origin: "null" } });
    expect(opaque.status()).toBe(403);

    const sibling = await admin.post(membersUrl, { data: body(`evil3-${tag}@example.com`), headers: { "sec-fetch-site": "same-site" } });
    expect(sibling.status()).toBe(403);

    const plain = await admin.post(membersUrl, {
      data: JSON.stringify(body(`evil4-${tag}@example.com`)),
      headers: { "content-type": "text/plain" },
    });
    expect(plain.status()).toBe(415);
    expect(await plain.json()).toMatchObject({ error: "unsupported_media_type", issues: [{ path: "content-type", message: "must be application/json" }] });

    const list = (await (await admin.get(membersUrl)).json()) as { members: { email: string }[] };
    expect(list.members.filter((m) => m.email.includes(tag))).toEqual([]);

    const own = new URL(fixtures.baseURL).origin;
    const ok = await admin.post(membersUrl, { data: { email: `viewer-${tag}@example.com`, role: "viewer", password: "good-pass-123" }, headers: { origin: own } });
    expect(ok.status()).toBe(201);

    // Reads are never refused for their Origin (they change nothing).
    const read = await admin.get(membersUrl, { headers: { origin: "http://127.0.0.1:1" } });
    expect(read.status()).toBe(200);
  } finally {
    await admin.dispose();
  }
});

test("API keys are not ambient credentials: a foreign Origin does not matter to a key", async ({ request }) => {
  const res = await request.post("/api/v1/evals", {
    headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}`, origin: "http://127.0.0.1:1" },
    data: { release: `csrf-${tag}`, goldSet: "gold", passed: 9, total: 10 },
  });
  expect(res.status()).toBeLessThan(300);
});
