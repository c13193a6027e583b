"use client";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { useOptionalProject } from "./project-context";

export function NotFoundInProject() {
  const project = useOptionalProject();
  return (
    <div className="flex flex-col items-center px-6 py-20 text-center">
      <p className="font-mono text-xs font-semibold tracking-widest text-slate-400">404</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">
        {project ? (
          <>
            Nothing in {project.name} answers to this address: the link may be out of date, or the run, incident or
            release it names does not exist.
          </>
        ) : (
          "This page does not exist, or you do not have access to it."
        )}
      </p>
      <Link href={project ? `/${project.slug}` : "/projects"} className={buttonClass("secondary", "md", "mt-6")}>
        {project ? `Back to ${project.name}` : "Your projects"}
      </Link>
    </div>
  );
}
