// A body over the limit gets a readable 413 for every client, not only for curl: Python's urllib
// sends the whole body before it reads the answer, so the server must read (and throw away) the
// rest of an oversized body before answering, or urllib sees a broken pipe and retries forever.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { fixtures } from "../support/fixtures";

const run = promisify(execFile);

const PY = String.raw`
import json, sys, urllib.request, urllib.error
url, key, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = b'{"runs":[' + b' ' * size + b']}'
req = urllib.request.Request(url, data=body, method="POST",
    headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=60) as r:
        print(json.dumps({"status": r.status, "body": r.read().decode()}))
except urllib.error.HTTPError as e:
    print(json.dumps({"status": e.code, "body": e.read().decode()}))
except Exception as e:
    print(json.dumps({"status": None, "error": type(e).__name__ + ": " + str(e)}))
`;

test("python urllib posting 6 MB to /api/v1/runs reads a 413 JSON answer, not a broken pipe", async () => {
  const { stdout } = await run("python3", ["-c", PY, `${fixtures.baseURL}/api/v1/runs`, fixtures.keys.ingestRead, String(6 * 1024 * 1024)], {
    timeout: 90_000,
  });
  const result = JSON.parse(stdout.trim()) as { status: number | null; body?: string; error?: string };
  expect(result.error).toBeUndefined();
  expect(result.status).toBe(413);
  expect(JSON.parse(result.body!)).toMatchObject({ error: "payload_too_large", message: "the body is larger than 5 MB" });
});
