// Gold-set results (CONTRACT §6): POST /api/v1/evals and the per-release history.
import { z } from "zod";
import type * as api from "./api/releases";

export const releaseName = z.string().trim().min(1).max(200);

export const evalInputSchema = z
  .object({
    release: releaseName,
    goldSet: z.string().trim().min(1).max(200),
    passed: z.number().int().min(0),
    total: z.number().int().min(1),
    ranAt: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
  })
  .refine((v) => v.passed <= v.total, { path: ["passed"], message: "must be at most 'total'" });

export type EvalInput = z.infer<typeof evalInputSchema>;

export const evalsQuerySchema = z.object({
  release: releaseName,
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** One gold-set result as the API answers it (the response schema of lib/shared/api/releases.ts). */
export type EvalResultItem = z.infer<typeof api.evalResultSchema>;
