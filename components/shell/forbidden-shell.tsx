"use client";
// The standalone 403 page (app/forbidden.tsx) inside the project's own shell: the project layout
// refused before it could render its frame, so this puts the same frame back (sidebar, switcher,
// who is signed in) around the explanation; the person is a member, the project is no secret.
import { usePathname } from "next/navigation";
import { Wordmark } from "./icons";
import { ForbiddenInProject } from "./forbidden-in-project";
import { ProjectProvider, type ProjectSummary } from "./project-context";
import { Shell } from "./shell";

export function ForbiddenShell({ projects, user }: { projects: ProjectSummary[]; user: { email: string; name: string | null } | null }) {
  const pathname = usePathname() ?? "/";
  const slug = decodeURIComponent(pathname.split("/")[1] ?? "");
  const project = projects.find((p) => p.slug === slug);
  if (!project || !user)
    return (
      <div className="flex min-h-screen flex-col items-center justify-center">
        <Wordmark />
        <ForbiddenInProject projects={projects} />
      </div>
    );
  return (
    <ProjectProvider slug={project.slug} name={project.name} role={project.role} user={user} projects={projects}>
      <Shell>
        <ForbiddenInProject />
      </Shell>
    </ProjectProvider>
  );
}
