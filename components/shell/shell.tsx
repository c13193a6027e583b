"use client";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { Sidebar } from "./sidebar";
import { TopBar } from "./top-bar";

/**
 * The frame of a project page: sidebar (a drawer below 1024px), top bar, content. The page
 * scrolls the window (so browser find, scroll restoration and full-page screenshots work);
 * sidebar and top bar stay put. Printed, only the content shows (the weekly review is printed).
 */
export function Shell({ children }: { children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setNavOpen(false), [pathname]);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setNavOpen(false);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navOpen]);

  return (
    <div className="flex min-h-screen">
      <div className="sticky top-0 hidden h-screen lg:flex print:hidden">
        <Sidebar />
      </div>
      {navOpen && (
        <div className="fixed inset-0 z-50 flex lg:hidden">
          <div className="absolute inset-0 bg-slate-900/30" onClick={() => setNavOpen(false)} aria-hidden="true" />
          <div className="relative flex h-full shadow-xl">
            <Sidebar />
          </div>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="sticky top-0 z-30 print:hidden">
          <TopBar onOpenNav={() => setNavOpen(true)} />
        </div>
        <main id="main" className="min-w-0 flex-1 px-4 pt-5 pb-10 sm:px-6 print:p-0">
          {children}
        </main>
      </div>
    </div>
  );
}
