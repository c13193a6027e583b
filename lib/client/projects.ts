"use client";
// Creating a project from the "New project" page (POST /api/v1/projects).
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { CreateProjectInput, ProjectCreated } from "@/lib/shared/projects";

export function useCreateProject() {
  return useMutation({
    mutationFn: (input: CreateProjectInput) => apiFetch<ProjectCreated>("/api/v1/projects", { method: "POST", body: input }),
  });
}
