// Response schemas of the routes outside an area: health (CONTRACT §7) and creating a project.
import { z } from "zod";

/** GET /api/health when the database answers (a 503 is an error body, not this). */
export const healthResponse = z.object({ status: z.literal("ok") });

/** The answer of POST /api/v1/projects (201). */
export const projectCreatedSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() });
