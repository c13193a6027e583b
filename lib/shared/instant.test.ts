import { describe, expect, it } from "vitest";
import { instantDate, instantString } from "./instant";

describe("query-string instants", () => {
  it("accepts nanosecond fractions (truncated to ms) and offsets", () => {
    expect(instantDate().parse("2026-12-01T10:00:00.123456789Z").toISOString()).toBe("2026-12-01T10:00:00.123Z");
    expect(instantDate().parse("2026-12-01T12:00:00+02:00").toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });
  it("refuses the ends of time and non-RFC 3339 text", () => {
    for (const bad of ["0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"]) {
      const r = instantString().safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0]?.message).toBe("must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
    }
    for (const bad of ["10000-01-01T00:00:00Z", "2026-12-01", "yesterday", "2026-12-01T10:00:00\u0000Z"]) {
      expect(instantString().safeParse(bad).success, bad).toBe(false);
    }
    expect(instantString().safeParse("9999-12-31T23:59:59Z").success).toBe(true);
  });
});
