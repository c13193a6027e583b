"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { RoleBadge } from "@/components/ui/badge";
import { navHref, navItemForPath } from "@/lib/shared/nav";
import { useProject } from "./project-context";
import { SignOutButton } from "./sign-out-button";

/** Breadcrumb (project / section) on the left; who is signed in, their role and sign-out on the right. */
export function TopBar({ onOpenNav }: { onOpenNav?: () => void }) {
  const { slug, name, role, user } = useProject();
  const pathname = usePathname() ?? "";
  const section = navItemForPath(slug, pathname);
  const sectionHref = section ? navHref(slug, section) : null;
  const deeper = sectionHref !== null && pathname !== sectionHref && pathname !== `${sectionHref}/`;
  const leaf = deeper ? lastSegment(pathname) : null;

  return (
    <header className="flex h-12 shrink-0 items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 sm:px-6">
      {onOpenNav && (
        <button
          type="button"
          onClick={onOpenNav}
          aria-label="Open navigation"
          className="-ml-1 flex size-8 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 lg:hidden"
        >
          <svg viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" aria-hidden="true">
            <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
          </svg>
        </button>
      )}
      <nav aria-label="Breadcrumb" className="min-w-0 flex-1">
        <ol className="flex items-center gap-1.5 text-[13px]">
          {/* On a phone the section is what matters (the project is in the drawer's switcher). */}
          <li className={section ? "hidden truncate sm:block" : "truncate"}>
            <Link href={`/${slug}`} className="font-medium text-slate-500 hover:text-slate-900">
              {name}
            </Link>
          </li>
          {section && (
            <>
              <Chevron className="hidden sm:block" />
              <li className="min-w-0 truncate">
                {deeper ? (
                  <Link href={sectionHref} className="font-medium text-slate-500 hover:text-slate-900">
                    {section.label}
                  </Link>
                ) : (
                  <span aria-current="page" className="font-semibold text-slate-900">
                    {section.label}
                  </span>
                )}
              </li>
            </>
          )}
          {deeper && (
            <>
              <Chevron />
              <li className="max-w-80 truncate font-mono text-xs text-slate-700" title={leaf ?? undefined}>
                {leaf}
              </li>
            </>
          )}
        </ol>
      </nav>
      <div className="flex shrink-0 items-center gap-3">
        <div className="flex items-center gap-2" data-testid="current-user">
          <span className="flex size-6 items-center justify-center rounded-full bg-slate-200 text-[11px] font-semibold text-slate-600" aria-hidden="true">
            {initials(user.name ?? user.email)}
          </span>
          <span className="hidden max-w-56 flex-col leading-tight md:flex">
            {user.name && <span className="truncate text-[13px] font-medium text-slate-800">{user.name}</span>}
            <span className={user.name ? "truncate text-[11px] text-slate-500" : "truncate text-[13px] text-slate-700"}>
              {user.email}
            </span>
          </span>
          <RoleBadge role={role} />
        </div>
        <span className="h-5 w-px bg-slate-200" aria-hidden="true" />
        <SignOutButton />
      </div>
    </header>
  );
}

function Chevron({ className }: { className?: string }) {
  return (
    <li aria-hidden="true" className={className ? `text-slate-300 ${className}` : "text-slate-300"}>
      <svg viewBox="0 0 12 12" className="size-3">
        <path d="m4.5 2.5 3.5 3.5-3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </li>
  );
}

function initials(nameOrEmail: string): string {
  const words = nameOrEmail.split("@")[0].split(/[\s._-]+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? words[words.length - 1][0] : "")).toUpperCase();
}

function lastSegment(pathname: string): string {
  const raw = pathname.replace(/\/+$/, "").split("/").pop() ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a malformed escape is shown as typed
  }
}
