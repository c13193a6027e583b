"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { can, canCreateProjects } from "@/lib/shared/permissions";
import { RoleBadge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { navHref, navItemForPath } from "@/lib/shared/nav";
import { useProject, type ProjectSummary } from "./project-context";

/** The current project as a button; opens the list of the person's projects. */
export function ProjectSwitcher() {
  const { slug, name, role, projects } = useProject();
  const pathname = usePathname() ?? "";
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  // Close when a switch navigates away.
  useEffect(() => setOpen(false), [pathname]);

  // Switching keeps the section (Traces → Traces) when the role there allows it.
  const section = navItemForPath(slug, pathname);
  const hrefFor = (p: ProjectSummary) =>
    section && !section.external && can(p.role, section.action) ? navHref(p.slug, section) : `/${p.slug}`;

  return (
    <div ref={rootRef} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Project: ${name}. Switch project`}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          "flex w-full items-center gap-2.5 rounded-md border px-2 py-1.5 text-left transition-colors",
          open ? "border-accent-300 bg-accent-50/40" : "border-slate-200 bg-white hover:border-slate-300 hover:bg-slate-50",
        )}
      >
        <ProjectAvatar name={name} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-[13px] leading-4 font-semibold text-slate-900">{name}</span>
          <span className="block truncate text-[11px] leading-4 text-slate-500">{role}</span>
        </span>
        <svg viewBox="0 0 12 12" className="size-3 shrink-0 text-slate-400" aria-hidden="true">
          <path d="m3.5 4.5 2.5-2.5 2.5 2.5M3.5 7.5 6 10l2.5-2.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label="Projects"
          className="absolute top-full right-0 left-0 z-40 mt-1 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg ring-1 ring-slate-900/5"
        >
          <div className="px-3 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">Your projects</div>
          <ul className="max-h-72 overflow-y-auto pb-1">
            {projects.map((p) => {
              const current = p.slug === slug;
              return (
                <li key={p.slug}>
                  <Link
                    role="menuitem"
                    href={hrefFor(p)}
                    aria-current={current ? "true" : undefined}
                    className={cn("flex items-center gap-2.5 px-3 py-1.5 hover:bg-slate-50", current && "bg-slate-50")}
                  >
                    <ProjectAvatar name={p.name} small />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-[13px] font-medium text-slate-800">{p.name}</span>
                      <span className="block truncate font-mono text-[11px] text-slate-400">{p.slug}</span>
                    </span>
                    {current ? (
                      <svg viewBox="0 0 12 12" className="size-3.5 text-accent-600" aria-label="current">
                        <path d="m2.5 6.5 2.3 2.3 4.7-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
                      </svg>
                    ) : (
                      <RoleBadge role={p.role} />
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
          <Link
            role="menuitem"
            href="/projects"
            className="block border-t border-slate-100 px-3 py-2 text-xs font-medium text-slate-600 hover:bg-slate-50 hover:text-slate-900"
          >
            All projects
          </Link>
          {canCreateProjects(projects.map((p) => p.role)) && (
            <Link
              role="menuitem"
              href="/projects/new"
              className="block border-t border-slate-100 px-3 py-2 text-xs font-medium text-accent-700 hover:bg-slate-50 hover:text-accent-800"
            >
              New project
            </Link>
          )}
        </div>
      )}
    </div>
  );
}

const AVATAR_COLOURS = ["bg-accent-600", "bg-emerald-600", "bg-amber-500", "bg-rose-500", "bg-violet-600", "bg-sky-600", "bg-teal-600"];

/** A coloured initial, stable per project name, so projects are told apart at a glance. */
export function ProjectAvatar({ name, small }: { name: string; small?: boolean }) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span
      aria-hidden="true"
      className={cn(
        "flex shrink-0 items-center justify-center rounded font-semibold text-white",
        AVATAR_COLOURS[h % AVATAR_COLOURS.length],
        small ? "size-5 text-[10px]" : "size-7 text-xs",
      )}
    >
      {(name.trim()[0] ?? "?").toUpperCase()}
    </span>
  );
}
