import type { Metadata } from "next";
import type { ReactNode } from "react";
import { findProjectPage, listMyProjects, requireProjectPage } from "@/lib/server/auth/page-context";
import { ProjectProvider } from "@/components/shell/project-context";
import { Shell } from "@/components/shell/shell";

export const dynamic = "force-dynamic";

interface Props {
  children: ReactNode;
  params: Promise<{ project: string }>;
}

// Never redirects or 404s itself: the layout and the page decide that.
export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  const ctx = await findProjectPage((await params).project);
  if (!ctx) return {};
  return { title: { template: `%s · ${ctx.project.name} · Keel`, default: `${ctx.project.name} · Keel` } };
}

/** The shell of every project page: membership is required (none → 404, as if the project did not exist). */
export default async function ProjectLayout({ children, params }: Props) {
  const { project: slug } = await params;
  const { user, project, role } = await requireProjectPage(slug);
  const memberships = await listMyProjects(user.id);
  const projects = memberships.map((m) => ({ slug: m.project.slug, name: m.project.name, role: m.role }));

  return (
    <ProjectProvider
      slug={project.slug}
      name={project.name}
      role={role}
      user={{ email: user.email, name: user.name }}
      projects={projects}
    >
      <Shell>{children}</Shell>
    </ProjectProvider>
  );
}
