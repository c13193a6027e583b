"use client";
// Creating a project from the "New project" page (POST /api/v1/projects).
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import type { CreateProjectInput } from "@/lib/shared/projects";
import { projectCreatedSchema } from "@/lib/shared/api/misc";

export function useCreateProject() {
  return useMutation({
    mutationFn: (input: CreateProjectInput) => apiFetch("/api/v1/projects", projectCreatedSchema, { method: "POST", body: input }),
  });
}
