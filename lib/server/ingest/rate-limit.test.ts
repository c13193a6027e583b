import { describe, expect, it } from "vitest";
import { TokenBucket } from "./rate-limit";

describe("TokenBucket", () => {
  it("allows a burst, then refuses with the seconds until the next token", () => {
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 3 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(bucket.take(0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    // Half a second at 2/s refills one token.
    expect(bucket.take(500)).toEqual({ ok: true });
    expect(bucket.take(500)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("rounds Retry-After up to whole seconds at slow rates", () => {
    const bucket = new TokenBucket({ ratePerSecond: 0.1, burst: 1 }, 0);
    expect(bucket.take(0)).toEqual({ ok: true });
    expect(bucket.take(0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(bucket.take(2_500)).toEqual({ ok: false, retryAfterSeconds: 8 });
    expect(bucket.take(10_000)).toEqual({ ok: true });
  });

  it("never saves more than the burst, also when the settings shrink", () => {
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 5 }, 0);
    for (let i = 0; i < 5; i++) expect(bucket.take(60_000).ok).toBe(true);
    expect(bucket.take(60_000).ok).toBe(false);
    bucket.configure({ ratePerSecond: 1, burst: 1 }, 120_000);
    expect(bucket.take(120_000).ok).toBe(true);
    expect(bucket.take(120_000)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("refuses everything when the rate or burst is zero", () => {
    const bucket = new TokenBucket({ ratePerSecond: 0, burst: 0 }, 0);
    expect(bucket.take(1_000_000)).toEqual({ ok: false, retryAfterSeconds: 60 });
  });
});
