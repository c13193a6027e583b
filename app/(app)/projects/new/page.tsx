import type { Metadata } from "next";
import Link from "next/link";
import { listMyProjects, requireUser } from "@/lib/server/auth/page-context";
import { canCreateProjects } from "@/lib/shared/permissions";
import { AppHeader } from "@/components/shell/app-header";
import { EmptyState } from "@/components/ui/states";
import { NewProjectForm } from "@/components/projects/new-project-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  const user = await requireUser("/projects/new");
  const memberships = await listMyProjects(user.id);
  const mayCreate = canCreateProjects(memberships.map((m) => m.role));

  return (
    <div className="min-h-screen">
      <AppHeader email={user.email} />
      <main className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-8">
        <nav aria-label="Breadcrumb" className="mb-1 text-xs text-slate-500">
          <Link href="/projects" className="hover:text-slate-800 hover:underline">
            Projects
          </Link>
          <span aria-hidden="true"> / </span>
          <span className="text-slate-700">New project</span>
        </nav>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">New project</h1>
        <p className="mt-0.5 text-sm text-slate-500">
          A project holds one group of agents&apos; runs, incidents, fix items and API keys. You become its admin.
        </p>
        {mayCreate ? (
          <NewProjectForm />
        ) : (
          <div className="mt-6 rounded-lg border border-slate-200 bg-white">
            <EmptyState
              title="Only an admin of a project can create projects"
              description="Ask an admin to create the project for you, or to make you admin of one of yours."
              action={
                <Link href="/projects" className="text-sm font-medium text-accent-700 hover:underline">
                  Back to projects
                </Link>
              }
            />
          </div>
        )}
      </main>
    </div>
  );
}
