import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { clientAddress, recordSignInFailure, recordSignInSuccess, resetSignInThrottle, signInRetryAfterSeconds } = await import("./throttle");

describe("sign-in throttle", () => {
  beforeEach(() => resetSignInThrottle());
  const t0 = 1_800_000_000_000;

  it("4 failures are free; the 5th makes the account wait 30 s, the 6th 60 s; success clears it", () => {
    for (let i = 0; i < 4; i++) recordSignInFailure("a@x", "1.1.1.1", t0 + i);
    expect(signInRetryAfterSeconds("a@x", "1.1.1.1", t0 + 10)).toBe(0);
    recordSignInFailure("a@x", "1.1.1.1", t0 + 10);
    expect(signInRetryAfterSeconds("a@x", "9.9.9.9", t0 + 10)).toBe(30);
    expect(signInRetryAfterSeconds("a@x", "9.9.9.9", t0 + 10 + 29_000)).toBe(1);
    expect(signInRetryAfterSeconds("a@x", "9.9.9.9", t0 + 10 + 30_000)).toBe(0);
    recordSignInFailure("a@x", "1.1.1.1", t0 + 40_000);
    expect(signInRetryAfterSeconds("a@x", null, t0 + 40_000)).toBe(60);
    expect(signInRetryAfterSeconds("b@x", null, t0 + 40_000)).toBe(0);
    recordSignInSuccess("a@x");
    expect(signInRetryAfterSeconds("a@x", null, t0 + 40_001)).toBe(0);
  });

  it("the delay is capped at 15 minutes, and 15 quiet minutes forget the account", () => {
    for (let i = 0; i < 40; i++) recordSignInFailure("c@x", null, t0 + i);
    expect(signInRetryAfterSeconds("c@x", null, t0 + 40)).toBe(900);
    expect(signInRetryAfterSeconds("c@x", null, t0 + 39 + 15 * 60_000 + 1)).toBe(0);
  });

  it("30 failures from one address block it for every account", () => {
    for (let i = 0; i < 30; i++) recordSignInFailure(`u${i}@x`, "6.6.6.6", t0 + i);
    expect(signInRetryAfterSeconds("someone-else@x", "6.6.6.6", t0 + 30)).toBe(900);
    expect(signInRetryAfterSeconds("someone-else@x", "7.7.7.7", t0 + 30)).toBe(0);
  });

  it("the address is the last X-Forwarded-For entry, so a client cannot choose it", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.0.0.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientAddress(new Headers())).toBeNull();
  });
});
