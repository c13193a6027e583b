"use client";
// The "New project" form: a name, the address it becomes (as you type, the server's rule), and on
// success the new project's overview, which tells how to send the first run.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Field, Input, Notice, buttonClass, errorMessage } from "@/components/ui";
import { ApiError } from "@/lib/client/fetcher";
import { useCreateProject } from "@/lib/client/projects";
import { PROJECT_NAME_MAX, projectSlug } from "@/lib/shared/projects";

export function NewProjectForm() {
  const router = useRouter();
  const create = useCreateProject();
  const [name, setName] = useState("");
  const slug = projectSlug(name);
  const nameIssue = create.error instanceof ApiError ? create.error.issues?.find((i) => i.path === "name")?.message : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (project) => {
          router.push(`/${project.slug}`);
          router.refresh();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="mt-6 max-w-lg space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5" aria-label="New project">
      <Field
        label="Project name"
        error={nameIssue}
        hint={
          <>
            Address: <span className="font-mono break-all text-slate-700">/{slug || "…"}</span>
          </>
        }
      >
        {(p) => (
          <Input
            {...p}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (create.isError) create.reset();
            }}
            placeholder="e.g. Support agents"
            maxLength={PROJECT_NAME_MAX}
            autoComplete="off"
            required
            autoFocus
          />
        )}
      </Field>
      {create.isError && !nameIssue && <Notice tone="bad">{errorMessage(create.error)}</Notice>}
      <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
        <Link href="/projects" className={buttonClass("secondary")}>
          Cancel
        </Link>
        <Button type="submit" variant="primary" loading={create.isPending || create.isSuccess} disabled={!slug}>
          Create project
        </Button>
      </div>
    </form>
  );
}
