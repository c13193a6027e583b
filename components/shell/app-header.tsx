import Link from "next/link";
import { Wordmark } from "./icons";
import { SignOutButton } from "./sign-out-button";

/** The top bar of signed-in pages outside a project (the project list). */
export function AppHeader({ email }: { email: string }) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-12 max-w-5xl items-center justify-between px-6">
        <Link href="/projects" aria-label="Keel, all projects" className="rounded">
          <Wordmark />
        </Link>
        <div className="flex items-center gap-3">
          <span className="text-[13px] text-slate-600" data-testid="current-user">
            {email}
          </span>
          <span className="h-5 w-px bg-slate-200" aria-hidden="true" />
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
