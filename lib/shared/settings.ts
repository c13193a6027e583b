// Project settings of admins (API keys, members, ingest rate limit) and the audit trail: the
// bodies the settings API accepts and the shapes it returns, shared with the settings page.
import { z } from "zod";
import { ROLES, SCOPES } from "./permissions";
import type * as api from "./api/settings";

/** Bounds of the ingest token bucket (per API key). */
export const INGEST_RATE_MAX = 10_000;
export const INGEST_BURST_MAX = 100_000;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, "give the key a name").max(100, "at most 100 characters"),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, "choose at least one scope (ingest, read)")
    .refine((s) => new Set(s).size === s.length, "each scope at most once"),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

/** PATCH /api/v1/settings/api-keys/{id}: revoking is the only change (it cannot be undone). */
export const revokeApiKeySchema = z.strictObject({ revoked: z.literal(true, "only {\"revoked\": true} is accepted") });

export const addMemberSchema = z.strictObject({
  email: z.email("a valid email address").max(320),
  role: z.enum(ROLES),
  name: z.string().trim().min(1).max(100).optional(),
  /** Only for a person without an account yet; ignored (never changed) for an existing one. */
  password: z.string().min(8, "at least 8 characters").max(200).optional(),
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeRoleSchema = z.strictObject({ role: z.enum(ROLES) });

export const ingestSettingsPatchSchema = z
  .strictObject({
    ingestRatePerSecond: z
      .number("a number")
      .gt(0, "must be greater than 0")
      .max(INGEST_RATE_MAX, `at most ${INGEST_RATE_MAX}`)
      .optional(),
    ingestBurst: z
      .number("a number")
      .int("a whole number")
      .min(1, "at least 1")
      .max(INGEST_BURST_MAX, `at most ${INGEST_BURST_MAX}`)
      .optional(),
  })
  .refine((v) => v.ingestRatePerSecond !== undefined || v.ingestBurst !== undefined, {
    message: "send ingestRatePerSecond, ingestBurst or both",
  });
export type IngestSettingsPatch = z.infer<typeof ingestSettingsPatchSchema>;

// The shapes the settings API answers are its response schemas (lib/shared/api/settings.ts).
export type PersonRef = z.infer<typeof api.personRefSchema>;
export type ApiKeyItem = z.infer<typeof api.apiKeyItemSchema>;
/** POST answer: `key` is the only time the full key leaves the server. */
export type ApiKeyCreated = z.infer<typeof api.apiKeyCreatedSchema>;
export type MemberItem = z.infer<typeof api.memberItemSchema>;
export type IngestSettings = z.infer<typeof api.ingestSettingsSchema>;
/** Who acted: a person, an API key (by name and prefix), the `keel` CLI, Keel itself; null = a deleted person. */
export type AuditActorView = z.infer<typeof api.auditActorViewSchema>;
export type AuditTrailEntry = z.infer<typeof api.auditTrailEntrySchema>;

export const AUDIT_LIMIT = 50;
