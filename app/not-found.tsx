import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Wordmark } from "@/components/shell/icons";

// Unknown URLs, and projects the person is not a member of (they look exactly alike: CONTRACT §1).
export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <Wordmark />
      <p className="mt-10 font-mono text-xs font-semibold tracking-widest text-slate-400">404</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-2 max-w-sm text-sm text-slate-500">This page does not exist, or you do not have access to it.</p>
      <Link href="/projects" className={buttonClass("secondary", "md", "mt-6")}>
        Your projects
      </Link>
    </div>
  );
}
