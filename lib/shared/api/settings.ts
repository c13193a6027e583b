// Response schemas of /api/v1/settings/* (API keys, members, ingest limit, guardrails, audit trail);
// lib/shared/settings.ts takes its types from them.
import { z } from "zod";
import { ROLES, SCOPES } from "../permissions";

export const personRefSchema = z.object({ email: z.string(), name: z.string().nullable() });

export const apiKeyItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters: how a person recognises it later (the key itself is never kept). */
  prefix: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  createdBy: personRefSchema.nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** POST answer: `key` is the only time the full key leaves the server. */
export const apiKeyCreatedSchema = z.object({ key: z.string(), apiKey: apiKeyItemSchema });

export const memberItemSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  /** When the membership began. */
  since: z.string(),
});

export const ingestSettingsSchema = z.object({
  ingestRatePerSecond: z.number(),
  ingestBurst: z.number(),
  updatedAt: z.string().nullable(),
});

/** Who acted: a person, an API key (by name and prefix), the `keel` CLI, Keel itself; null = a deleted person. */
export const auditActorViewSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("user"), email: z.string(), name: z.string().nullable() }),
    z.object({ type: z.literal("apiKey"), name: z.string(), prefix: z.string() }),
    z.object({ type: z.literal("cli"), label: z.string().nullable() }),
    z.object({ type: z.literal("system"), label: z.string().nullable() }),
  ])
  .nullable();

export const auditTrailEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /**
   * The target in words, read when the trail is listed: a key's `name (prefix…)`, a person's
   * `name <email>` or email, an incident's `#3 title`, a fix item's reason, a project's name.
   * null when the target is gone or has no name (the entry's before/after still say what it was).
   */
  targetLabel: z.string().nullable(),
  actor: auditActorViewSchema,
  before: z.unknown(),
  after: z.unknown(),
});

export const apiKeysResponse = z.object({ apiKeys: z.array(apiKeyItemSchema) });
export const apiKeyResponse = z.object({ apiKey: apiKeyItemSchema });
export const membersResponse = z.object({ members: z.array(memberItemSchema) });
export const memberAddedResponse = z.object({ member: memberItemSchema, createdUser: z.boolean() });
export const memberResponse = z.object({ member: memberItemSchema });
export const memberRemovedResponse = z.object({ removed: memberItemSchema });
export const auditResponse = z.object({ entries: z.array(auditTrailEntrySchema) });

/** GET/PATCH /api/v1/settings/guardrails (issue 17): detector thresholds and side-effecting tools. */
export const guardrailSettingsResponse = z.object({
  repeatedCallThreshold: z.number(),
  cycleRoundsThreshold: z.number(),
  failureStreakThreshold: z.number(),
  sideEffectTools: z.array(z.string()),
  /** null while the project has never saved settings (the defaults apply). */
  updatedAt: z.string().nullable(),
});
