"use client";
// The current project and the person's role in it, for client panels: they need the slug for
// API calls (?project=slug) and the role to hide actions the role may not take. The server
// still checks every call; this only shapes the UI.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { can as canRole, type Action, type Role } from "@/lib/shared/permissions";

export interface ProjectSummary {
  slug: string;
  name: string;
  role: Role;
}

export interface ProjectContextValue {
  slug: string;
  name: string;
  role: Role;
  user: { email: string; name: string | null };
  /** Every project the person belongs to (for the switcher). */
  projects: ProjectSummary[];
  can: (action: Action) => boolean;
}

const ProjectContext = createContext<ProjectContextValue | null>(null);

export function ProjectProvider({
  slug,
  name,
  role,
  user,
  projects,
  children,
}: Omit<ProjectContextValue, "can"> & { children: ReactNode }) {
  const value = useMemo<ProjectContextValue>(
    () => ({ slug, name, role, user, projects, can: (action: Action) => canRole(role, action) }),
    [slug, name, role, user, projects],
  );
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>;
}

/** The current project; throws outside /[project] pages (a bug, not a state to handle). */
export function useProject(): ProjectContextValue {
  const value = useContext(ProjectContext);
  if (!value) throw new Error("useProject() must be used inside a /[project] page");
  return value;
}

/** The current project, or null outside /[project] pages (for components used in both places). */
export function useOptionalProject(): ProjectContextValue | null {
  return useContext(ProjectContext);
}
