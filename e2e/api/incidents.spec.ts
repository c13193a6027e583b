// Incidents over real HTTP: notes (sre and up, 400 naming `body`, 403 for a viewer and for a
// key), the commander by email or user id (a non-member is a 400 naming the field), the
// commander list, and the timeline in GET /api/v1/incidents/{number}.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { apiAs } from "../support/auth";
import { fixtures } from "../support/fixtures";

const slug = fixtures.projects.main.slug;
const url = (path: string) => `/api/v1/incidents${path}${path.includes("?") ? "&" : "?"}project=${slug}`;

async function as<T>(user: keyof typeof fixtures.users, fn: (ctx: APIRequestContext) => Promise<T>): Promise<T> {
  const ctx = await apiAs(playwrightRequest, fixtures.users[user]);
  try {
    return await fn(ctx);
  } finally {
    await ctx.dispose();
  }
}

interface Detail {
  number: number;
  owner: { id: string; email: string; name: string | null } | null;
  timeline: { kind: string; actor: { email: string } | null; body: string | null; payload: Record<string, unknown> | null }[];
}

test("notes, commander by email or id, and the timeline; bad input names its field", async ({ request }) => {
  const tag = Math.random().toString(36).slice(2, 8);
  const { number, ownerId } = await as("sre", async (sre) => {
    const commanders = await sre.get(url("/commanders"));
    expect(commanders.status()).toBe(200);
    const members = ((await commanders.json()) as { members: { id: string; email: string; role: string }[] }).members;
    const owner = members.find((m) => m.email === fixtures.users.owner.email);
    expect(owner?.role).toBe("owner");

    const created = await sre.post(url(""), { data: { title: `api notes ${tag}`, severity: "SEV3", ownerId: owner!.id } });
    expect(created.status()).toBe(201);
    const inc = (await created.json()) as Detail;
    expect(inc.owner).toMatchObject({ id: owner!.id, email: fixtures.users.owner.email });

    const note = await sre.post(url(`/${inc.number}/notes`), { data: { body: `  first look ${tag} <i>x</i>  ` } });
    expect(note.status()).toBe(201);
    const withNote = (await note.json()) as Detail;
    expect(withNote.timeline.map((e) => [e.kind, e.actor?.email, e.body])).toEqual([
      ["opened", fixtures.users.sre.email, null],
      ["owner", fixtures.users.sre.email, null],
      ["note", fixtures.users.sre.email, `first look ${tag} <i>x</i>`],
    ]);

    for (const [body, path, message] of [
      [{ body: "   " }, "body", "write something"],
      [{}, "body", undefined],
      [{ body: "x", extra: 1 }, "", undefined],
    ] as const) {
      const bad = await sre.post(url(`/${inc.number}/notes`), { data: body });
      expect(bad.status()).toBe(400);
      const err = (await bad.json()) as { issues: { path: string; message: string }[] };
      expect(err.issues[0].path).toBe(path);
      if (message) expect(err.issues[0].message).toBe(message);
    }
    expect((await sre.post(url("/99999/notes"), { data: { body: "x" } })).status()).toBe(404);

    // A commander who is not a member of this project: 400 naming the field, by email or by id.
    const outsider = await sre.patch(url(`/${inc.number}`), { data: { ownerEmail: "nobody@example.test" } });
    expect(outsider.status()).toBe(400);
    expect(((await outsider.json()) as { issues: unknown }).issues).toEqual([{ path: "ownerEmail", message: "not a member of this project" }]);
    const unknownId = await sre.patch(url(`/${inc.number}`), { data: { ownerId: "no-such-user" } });
    expect(unknownId.status()).toBe(400);
    expect(((await unknownId.json()) as { issues: unknown }).issues).toEqual([{ path: "ownerId", message: "not a member of this project" }]);
    const both = await sre.patch(url(`/${inc.number}`), { data: { ownerId: owner!.id, ownerEmail: fixtures.users.owner.email } });
    expect(both.status()).toBe(400);
    expect(((await both.json()) as { issues: { path: string }[] }).issues[0].path).toBe("ownerId");

    // By email works too, and the change lands on the timeline.
    const moved = await sre.patch(url(`/${inc.number}`), { data: { ownerEmail: fixtures.users.sre.email } });
    expect(moved.status()).toBe(200);
    const after = (await moved.json()) as Detail;
    expect(after.timeline.at(-1)).toMatchObject({
      kind: "owner",
      payload: { from: { email: fixtures.users.owner.email }, to: { email: fixtures.users.sre.email } },
    });
    return { number: inc.number, ownerId: owner!.id };
  });

  // A viewer reads the timeline but may not write; a key may not write notes; a key reads it.
  await as("viewer", async (viewer) => {
    expect((await viewer.post(url(`/${number}/notes`), { data: { body: "hi" } })).status()).toBe(403);
    expect((await viewer.get(url("/commanders"))).status()).toBe(403);
  });
  const keyed = await request.post(url(`/${number}/notes`), {
    headers: { Authorization: `Bearer ${fixtures.keys.ingestRead}` },
    data: { body: "hi" },
  });
  expect(keyed.status()).toBe(403);
  const read = await request.get(`/api/v1/incidents/${number}`, { headers: { Authorization: `Bearer ${fixtures.keys.readOnly}` } });
  expect(read.status()).toBe(200);
  const detail = (await read.json()) as Detail;
  expect(detail.timeline.map((e) => e.kind)).toEqual(["opened", "owner", "note", "owner"]);
  expect(ownerId).toEqual(expect.any(String));
});
