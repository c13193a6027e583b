// Creating a project from the app (POST /api/v1/projects): the body, the answer, and the slug a
// name becomes, shared by the API and the "New project" form (which shows the address as you type).
import { z } from "zod";
import type { projectCreatedSchema } from "./api/misc";

/**
 * "Checkout Agent" → "checkout-agent": lower case, dash-separated, at most 64 characters; "" when
 * nothing usable is left. The same rule as the CLI's `slugify` (lib/server/services/accounts.ts,
 * which falls back to "project" for an empty result); test/integration/projects.test.ts checks
 * that the two agree, so a name becomes the same slug on every path.
 */
export function projectSlug(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/**
 * First path segments the app uses itself: a project with one of these slugs could never be
 * opened at /<slug>. (`api`, `_next`: routes and assets; the rest: pages outside a project.)
 */
export const RESERVED_PROJECT_SLUGS: readonly string[] = ["api", "projects", "docs", "signin", "signout", "settings", "new", "_next"];

export const PROJECT_NAME_MAX = 100;

export const createProjectSchema = z.strictObject({
  // One message per name (the first problem), so the form shows one line under the field.
  name: z
    .string("a name is required")
    .trim()
    .superRefine((name, ctx) => {
      const slug = projectSlug(name);
      const message =
        name.length === 0
          ? "give the project a name"
          : name.length > PROJECT_NAME_MAX
            ? `at most ${PROJECT_NAME_MAX} characters`
            : slug === ""
              ? "use at least one letter or digit (the address is made from them)"
              : RESERVED_PROJECT_SLUGS.includes(slug)
                ? `the address /${slug} is used by Keel itself; choose another name`
                : null;
      if (message) ctx.addIssue({ code: "custom", message });
    }),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

/** The answer of POST /api/v1/projects (201); the shape is the response schema of lib/shared/api/misc.ts. */
export type ProjectCreated = z.infer<typeof projectCreatedSchema>;
