"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { Wordmark } from "./icons";
import { NavIconSvg } from "./icons";
import { NAV_FOOTER, NAV_GROUPS, navHref, navItemForPath, type NavItem } from "@/lib/shared/nav";
import { ProjectSwitcher } from "./project-switcher";
import { useProject } from "./project-context";

export function Sidebar() {
  const { slug, can } = useProject();
  const pathname = usePathname() ?? "";
  const current = navItemForPath(slug, pathname);
  const visible = (items: readonly NavItem[]) => items.filter((i) => can(i.action));

  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="flex h-12 shrink-0 items-center border-b border-slate-200 px-4">
        <Link href="/projects" aria-label="Keel, all projects" className="rounded">
          <Wordmark />
        </Link>
      </div>
      <div className="px-2 pt-2.5 pb-1">
        <ProjectSwitcher />
      </div>
      <nav aria-label="Project" className="flex min-h-0 flex-1 flex-col">
        <div className="flex-1 space-y-4 overflow-y-auto px-2 pt-2 pb-4">
          {NAV_GROUPS.map((group) => {
            const items = visible(group.items);
            if (items.length === 0) return null;
            return (
              <div key={group.label ?? "main"}>
                {group.label && (
                  <div className="px-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">{group.label}</div>
                )}
                <ul className="space-y-px">
                  {items.map((item) => (
                    <li key={item.label}>
                      <NavLink item={item} slug={slug} active={current === item} />
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
        <ul className="space-y-px border-t border-slate-200 p-2">
          {visible(NAV_FOOTER).map((item) => (
            <li key={item.label}>
              <NavLink item={item} slug={slug} active={current === item} />
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}

function NavLink({ item, slug, active }: { item: NavItem; slug: string; active: boolean }) {
  return (
    <Link
      href={navHref(slug, item)}
      aria-current={active ? "page" : undefined}
      className={cn(
        "group relative flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px] font-medium transition-colors",
        active ? "bg-accent-50 text-accent-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      {active && <span className="absolute top-1.5 bottom-1.5 -left-2 w-0.5 rounded-r bg-accent-600" aria-hidden="true" />}
      <NavIconSvg
        icon={item.icon}
        className={cn("size-4 shrink-0", active ? "text-accent-600" : "text-slate-400 group-hover:text-slate-600")}
      />
      <span className="truncate">{item.label}</span>
      {item.external && (
        <svg viewBox="0 0 12 12" className="ml-auto size-3 text-slate-300" aria-hidden="true">
          <path d="M4.5 2.5h5v5M9.5 2.5l-7 7" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
        </svg>
      )}
    </Link>
  );
}
