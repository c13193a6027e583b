"use client";
// The 403 page of a project: a member whose role does not include a page (a viewer opening
// /demo/traces) is told exactly that, which role would, and who can change it; never a
// "page not found" for a page that exists. Non-members still get the 404 (CONTRACT §1).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { ROLES, can, type Action } from "@/lib/shared/permissions";
import { navItemForPath } from "@/lib/shared/nav";
import { useOptionalProject, type ProjectSummary } from "./project-context";

/** The least role that may take `action` (roles are cumulative). */
function leastRoleFor(action: Action) {
  return ROLES.find((r) => can(r, action)) ?? null;
}

/**
 * Inside the project shell the project comes from its context; on the standalone 403 page (the
 * project layout itself refused) from `projects`, matched by the URL's first segment.
 */
export function ForbiddenInProject({ projects = [] }: { projects?: ProjectSummary[] }) {
  const pathname = usePathname() ?? "/";
  const ctx = useOptionalProject();
  const first = decodeURIComponent(pathname.split("/")[1] ?? "");
  const project: ProjectSummary | null = ctx ? { slug: ctx.slug, name: ctx.name, role: ctx.role } : (projects.find((p) => p.slug === first) ?? null);
  const item = project ? navItemForPath(project.slug, pathname) : null;
  const what = item ? item.label.toLowerCase() : "this page";
  const least = item ? leastRoleFor(item.action) : null;
  return (
    <div className="flex flex-col items-center px-6 py-20 text-center" data-testid="forbidden">
      <p className="font-mono text-xs font-semibold tracking-widest text-slate-400">403</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-balance text-slate-900">
        {project ? `Your role (${project.role}) can't open ${what}` : "Your role can't open this page"}
      </h1>
      <p className="mt-2 max-w-md text-sm text-balance text-slate-500">
        {least && least !== "admin" ? `${item!.label} is for the ${least} role and above. ` : item ? `${item.label} is for admins. ` : ""}
        {project ? `Ask an admin of ${project.name} to change your role.` : "Ask an admin of the project to change your role."} The dashboards
        and the weekly review stay open to you.
      </p>
      <Link href={project ? `/${encodeURIComponent(project.slug)}` : "/projects"} className={buttonClass("secondary", "md", "mt-6")}>
        {project ? `Back to the ${project.name} overview` : "Your projects"}
      </Link>
    </div>
  );
}
