// Release stages and deploy markers (CONTRACT §9): what POST /api/v1/releases/{release}/events
// accepts. Two bodies: Keel's own `{stage, trafficPercent?, at?, id?}`, and a CDEvents
// `dev.cdevents.service.deployed.*` / `service.rolledback.*` event (https://cdevents.dev), which a
// pipeline that already emits CDEvents can send unchanged. Both become one ReleaseEventInput.
import { z } from "zod";
import { instantDate } from "./instant";
import { RELEASE_STAGES, type releaseEventSchema, type releaseAnalysisResponse, type canaryCheckSchema } from "./api/rollouts";

export { RELEASE_STAGES };
export type ReleaseStage = (typeof RELEASE_STAGES)[number];
export type ReleaseEventItem = z.infer<typeof releaseEventSchema>;
export type ReleaseAnalysis = z.infer<typeof releaseAnalysisResponse>;
export type CanaryCheckItem = z.infer<typeof canaryCheckSchema>;

export const STAGE_LABELS: Record<ReleaseStage, string> = {
  sandbox: "Sandbox",
  canary: "Canary",
  expansion: "Expansion",
  full: "Full release",
  rolled_back: "Rolled back",
};

/** Stages during which the alert loop analyses the release and may trigger a rollback. */
export const WATCHED_STAGES: readonly ReleaseStage[] = ["canary", "expansion"];

/** What either body becomes. */
export interface ReleaseEventInput {
  stage: ReleaseStage;
  trafficPercent: number | null;
  at: Date | null;
  /** The sender's event id (Keel's `id`, a CDEvent's context.id): a retry with it is stored once. */
  eventId: string | null;
  source: "keel" | "cdevents";
}

const percent = z.number({ message: "must be a number from 0 to 100" }).min(0, "must be from 0 to 100").max(100, "must be from 0 to 100");

const keelBody = z.strictObject({
  stage: z.enum(RELEASE_STAGES, { message: `must be one of ${RELEASE_STAGES.join(", ")}` }),
  trafficPercent: percent.optional(),
  at: instantDate().optional(),
  id: z.string().min(1).max(200).optional(),
});

const CDEVENT_TYPE = /^dev\.cdevents\.service\.(deployed|rolledback)\.\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;

/** Environment names that mean a stage before production traffic. */
const SANDBOX_ENVIRONMENTS = /^(sandbox|staging|stage|dev|development|test|qa|preview)([-_.].*)?$/i;

const cdevent = z.object({
  context: z.object({
    id: z.string().min(1).max(200),
    type: z
      .string()
      .regex(CDEVENT_TYPE, "must be a CDEvents dev.cdevents.service.deployed.<version> or dev.cdevents.service.rolledback.<version> event"),
    timestamp: instantDate(),
  }),
  subject: z
    .object({ content: z.object({ environment: z.object({ id: z.string(), name: z.string().optional() }).optional() }).passthrough().optional() })
    .passthrough()
    .optional(),
  /** Keel's reading of a `deployed` event can be set exactly: customData.stage / customData.trafficPercent. */
  customData: z
    .object({ stage: z.enum(RELEASE_STAGES, { message: `must be one of ${RELEASE_STAGES.join(", ")}` }).optional(), trafficPercent: percent.optional() })
    .passthrough()
    .optional(),
});

/**
 * The stage of a CDEvent: `rolledback` → rolled_back; `deployed` → customData.stage when given,
 * else from the target environment's id or name: `canary…` → canary, sandbox/staging/dev/test… →
 * sandbox, anything else (production, prod-eu, …) → full.
 */
function cdeventStage(e: z.infer<typeof cdevent>): ReleaseStage {
  if (/\.service\.rolledback\./.test(e.context.type)) return "rolled_back";
  if (e.customData?.stage) return e.customData.stage;
  const env = e.subject?.content?.environment;
  const name = `${env?.name ?? env?.id ?? ""}`;
  if (/canary/i.test(name)) return "canary";
  if (SANDBOX_ENVIRONMENTS.test(name)) return "sandbox";
  return "full";
}

/** Keel's body or a CDEvent (recognised by its `context`), validated with the field named on error. */
export const releaseEventBodySchema = z.unknown().transform((v, ctx): ReleaseEventInput => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    ctx.addIssue({ code: "custom", message: "must be a JSON object: {stage, trafficPercent?, at?} or a CDEvent" });
    return z.NEVER;
  }
  const isCdevent = "context" in v;
  const parsed = (isCdevent ? cdevent : keelBody).safeParse(v);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  }
  const b = parsed.data;
  if ("context" in b)
    return { stage: cdeventStage(b), trafficPercent: b.customData?.trafficPercent ?? null, at: b.context.timestamp, eventId: b.context.id, source: "cdevents" };
  return { stage: b.stage, trafficPercent: b.trafficPercent ?? null, at: b.at ?? null, eventId: b.id ?? null, source: "keel" };
});

/** The key that makes a retried POST land once (see the release_events model). */
export function releaseEventDedupKey(release: string, e: ReleaseEventInput, at: Date): string | null {
  if (e.eventId !== null) return `${e.source}:${e.eventId}`;
  if (e.at === null) return null;
  return `at:${release}|${e.stage}|${e.trafficPercent ?? ""}|${at.toISOString()}`;
}
