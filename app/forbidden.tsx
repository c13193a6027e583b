import type { Metadata } from "next";
import { ForbiddenShell } from "@/components/shell/forbidden-shell";
import { getPageUser, listMyProjects } from "@/lib/server/auth/page-context";

export const metadata: Metadata = { title: "Not for your role" };

/**
 * HTTP 403: a member of a project opened a page of it that their role does not include (a
 * viewer opening /demo/traces). Rendered when the project layout refuses, before anything of
 * the page streamed, so the status is real; the page names the role and who can change it.
 */
export default async function Forbidden() {
  const user = await getPageUser();
  const projects = user ? (await listMyProjects(user.id)).map((m) => ({ slug: m.project.slug, name: m.project.name, role: m.role })) : [];
  return <ForbiddenShell projects={projects} user={user ? { email: user.email, name: user.name } : null} />;
}
