import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { listMyProjects, requireUser } from "@/lib/server/auth/page-context";
import { canCreateProjects } from "@/lib/shared/permissions";
import { AppHeader } from "@/components/shell/app-header";
import { ProjectAvatar } from "@/components/shell/project-switcher";
import { RoleBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { PlusIcon } from "@/components/projects/icons";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  const memberships = await listMyProjects(user.id);
  const mayCreate = canCreateProjects(memberships.map((m) => m.role));
  // One project and nothing else to do here: straight to it. An admin stays, to create another.
  if (memberships.length === 1 && !mayCreate) redirect(`/${memberships[0].project.slug}`);

  return (
    <div className="min-h-screen">
      <AppHeader email={user.email} />
      <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-8">
        <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
          <div className="min-w-0">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900">Projects</h1>
            <p className="mt-0.5 text-sm text-slate-500">The projects you are a member of, and your role in each.</p>
          </div>
          {mayCreate && (
            <Link href="/projects/new" className={buttonClass("primary")}>
              <PlusIcon />
              New project
            </Link>
          )}
        </div>
        {memberships.length === 0 ? (
          <div className="mt-6 rounded-lg border border-slate-200 bg-white">
            <EmptyState
              title="You are not a member of any project yet"
              description={
                <>
                  Ask an admin of a project to add you (Settings → Members). An operator can also create a project with an
                  admin and a key:{" "}
                  <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs break-all text-slate-700">
                    npx keel api-key create --project NAME --scope ingest --member {user.email}
                  </code>
                </>
              }
            />
          </div>
        ) : (
          <ul className="mt-6 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs" aria-label="Your projects">
            {memberships.map(({ project, role }) => (
              <li key={project.id} className="border-b border-slate-100 last:border-b-0">
                <Link href={`/${project.slug}`} className="group flex items-center gap-4 px-4 py-3 hover:bg-slate-50">
                  <ProjectAvatar name={project.name} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-semibold text-slate-900 group-hover:text-accent-700">
                      {project.name}
                    </span>
                    <span className="block truncate font-mono text-xs text-slate-500">{project.slug}</span>
                  </span>
                  <RoleBadge role={role} />
                  <svg viewBox="0 0 12 12" className="size-3 text-slate-300 group-hover:text-slate-500" aria-hidden="true">
                    <path d="m4.5 2.5 3.5 3.5-3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
