// Flagger's webhook body (https://docs.flagger.app/usage/webhooks): `{name, namespace, phase,
// checksum, metadata}` with string metadata. Flagger cannot set headers, so Keel reads the API key
// from `metadata.apiKey` when there is no Authorization header (CONTRACT §9), and the release and
// window from `metadata.release`, `metadata.from`, `metadata.to`.
import { z } from "zod";
import { instantDate } from "./instant";

export const flaggerBodySchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  phase: z.string().optional(),
  checksum: z.string().optional(),
  metadata: z.object(
    {
      release: z.string({ message: "required: the release to analyse" }).min(1, "required: the release to analyse").max(128),
      apiKey: z.string().optional(),
      from: instantDate().optional(),
      to: instantDate().optional(),
      /** The webhook's type when the phase does not say it (Flagger sends the canary's phase). */
      type: z.string().optional(),
    },
    { message: "required: {release, apiKey?, from?, to?}" },
  ),
});

/**
 * `confirm-promotion` gates the promotion: only a pass lets it through. Every other hook
 * (`rollout`, `pre-rollout`, …) halts only on a fail, so an inconclusive canary keeps its traffic
 * while the evidence grows. Flagger's body carries the canary's phase; the hook type can be named
 * in `metadata.type` as well.
 */
export function flaggerProceeds(body: z.infer<typeof flaggerBodySchema>, verdict: "pass" | "fail" | "inconclusive"): boolean {
  const confirm = [body.phase, body.metadata.type].some((v) => v?.toLowerCase() === "confirm-promotion");
  return confirm ? verdict === "pass" : verdict !== "fail";
}
