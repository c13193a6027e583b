// The one schema of a timestamp in a query string (CONTRACT: RFC 3339). Any number of fraction
// digits is valid RFC 3339 (OpenTelemetry sends nanoseconds): they are accepted and truncated to
// milliseconds, the precision Keel stores. Instants outside 1970-01-01 .. 9999-12-31 are refused:
// no run is dated there, and the ends of time break date arithmetic (a week after 9999-W52, a
// window starting in year 0) long before they reach the database.
import { z } from "zod";

export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const RANGE_MESSAGE = "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

/** True when `ms` is a usable instant. */
export const inInstantRange = (ms: number) => Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;

/** An RFC 3339 timestamp with an offset, as a string (range-checked). */
export const instantString = (message = "must be an RFC 3339 timestamp, e.g. 2026-05-01T00:00:00Z") =>
  z.iso
    .datetime({ offset: true, message })
    // NaN: not a timestamp at all, which the format check above already says.
    .refine((s) => Number.isNaN(Date.parse(s)) || inInstantRange(Date.parse(s)), { message: RANGE_MESSAGE });

/** The same, parsed to a Date. */
export const instantDate = (message?: string) => instantString(message).transform((s) => new Date(s));
