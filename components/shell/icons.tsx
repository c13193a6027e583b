// 16px line icons for the navigation, drawn for Keel (no icon dependency).
import type { ReactNode } from "react";
import type { NavIcon } from "@/lib/shared/nav";

const PATHS: Record<NavIcon, ReactNode> = {
  overview: (
    <>
      <rect x="2" y="2" width="5" height="5" rx="1" />
      <rect x="9" y="2" width="5" height="3" rx="1" />
      <rect x="9" y="7" width="5" height="7" rx="1" />
      <rect x="2" y="9" width="5" height="5" rx="1" />
    </>
  ),
  workflows: (
    <>
      <circle cx="4" cy="4" r="1.75" />
      <circle cx="12" cy="12" r="1.75" />
      <path d="M5.75 4H10a2 2 0 0 1 2 2v4.25M4 5.75V10a2 2 0 0 0 2 2h4.25" />
    </>
  ),
  tools: (
    <path d="M9.6 2.4a3.2 3.2 0 0 0-3.9 4.2L2.3 10a1.3 1.3 0 0 0 0 1.9l1.8 1.8a1.3 1.3 0 0 0 1.9 0l3.4-3.4a3.2 3.2 0 0 0 4.2-3.9l-2 2-2-.4-.4-2z" />
  ),
  failures: (
    <>
      <path d="M7.1 2.6 1.9 11.8A1 1 0 0 0 2.8 13.3h10.4a1 1 0 0 0 .9-1.5L8.9 2.6a1 1 0 0 0-1.8 0Z" />
      <path d="M8 6.2v3M8 11.2v.1" />
    </>
  ),
  cost: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M10 6.1c-.3-.7-1.1-1.1-2-1.1-1.2 0-2 .6-2 1.5s.8 1.2 2 1.5 2 .7 2 1.6-.9 1.5-2 1.5c-1 0-1.8-.4-2.1-1.2M8 4v1M8 11v1" />
    </>
  ),
  traces: (
    <>
      <path d="M2 3.5h7M4 8h8M6 12.5h8" />
      <path d="M2 2.5v2M4 7v2M6 11.5v2" />
    </>
  ),
  incidents: (
    <>
      <path d="M8 1.8 13.5 4v3.8c0 3.1-2.3 5.6-5.5 6.4-3.2-.8-5.5-3.3-5.5-6.4V4Z" />
      <path d="M8 5.3v3M8 10.4v.1" />
    </>
  ),
  guardrails: (
    <>
      <path d="M2 4.5h12M2 11.5h12" />
      <path d="M4 4.5v7M8 4.5v7M12 4.5v7" />
    </>
  ),
  objectives: (
    <>
      <circle cx="8" cy="8" r="6" />
      <circle cx="8" cy="8" r="3" />
      <path d="M8 8h.01" />
    </>
  ),
  alerts: (
    <>
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.3 1.5H2.7Z" />
      <path d="M6.6 14a1.5 1.5 0 0 0 2.8 0" />
    </>
  ),
  review: (
    <>
      <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
      <path d="M2 6h12M5.5 1.5v2M10.5 1.5v2M5 9.5l1.5 1.5L10 8" />
    </>
  ),
  runbooks: (
    <>
      <path d="M3.5 1.5h7l2.5 2.5v10.5h-9.5z" />
      <path d="M6 6.5h5M6 9h5M6 11.5h3" />
    </>
  ),
  risks: (
    <>
      <path d="M8 1.8 14.5 13.5h-13z" />
      <path d="M8 6v3.5M8 11.5v.2" />
    </>
  ),
  ownership: (
    <>
      <circle cx="8" cy="5" r="2.5" />
      <path d="M3 14c.6-2.8 2.6-4.2 5-4.2s4.4 1.4 5 4.2" />
    </>
  ),
  "fix-items": (
    <>
      <path d="M6 4h8M6 8h8M6 12h8" />
      <path d="M1.8 4l.9.9L4.2 3.4M1.8 8l.9.9 1.5-1.5" />
      <circle cx="3" cy="12" r="0.9" />
    </>
  ),
  releases: (
    <>
      <path d="M8.6 1.8h4.1a1.5 1.5 0 0 1 1.5 1.5v4.1L7.7 13.9a1.5 1.5 0 0 1-2.1 0L2.1 10.4a1.5 1.5 0 0 1 0-2.1Z" />
      <circle cx="11" cy="5" r="1" />
    </>
  ),
  settings: (
    <>
      <circle cx="8" cy="8" r="2" />
      <path d="M8 1.5v1.6M8 12.9v1.6M14.5 8h-1.6M3.1 8H1.5M12.6 3.4l-1.1 1.1M4.5 11.5l-1.1 1.1M12.6 12.6l-1.1-1.1M4.5 4.5 3.4 3.4" />
    </>
  ),
  docs: (
    <>
      <path d="M3 2.5A1.5 1.5 0 0 1 4.5 1h5L13 4.5v9a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 3 13.5Z" />
      <path d="M9.5 1v3.5H13M5.5 8.5h5M5.5 11h3.5" />
    </>
  ),
};

export function NavIconSvg({ icon, className }: { icon: NavIcon; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      className={className ?? "size-4"}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {PATHS[icon]}
    </svg>
  );
}

/** Keel's mark: a sail, a hull and the keel beneath it, on the accent colour. */
export function KeelMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className ?? "size-6"} aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="var(--color-accent-600)" />
      <path d="M12.6 3.4v7h5.8Z" fill="white" fillOpacity="0.75" />
      <path d="M11.4 5.2v5.2H7.1Z" fill="white" fillOpacity="0.5" />
      <path d="M4.6 11.4h14.8l-2.1 3.4a1.8 1.8 0 0 1-1.5.9H8.2a1.8 1.8 0 0 1-1.5-.9Z" fill="white" />
      <path d="M11 15.7h2l-.4 4.1h-1.2Z" fill="white" />
    </svg>
  );
}

export function Wordmark({ className, tone = "dark" }: { className?: string; tone?: "dark" | "light" }) {
  return (
    <span className={`inline-flex items-center gap-2 ${className ?? ""}`}>
      <KeelMark className="size-6" />
      <span className={`text-[15px] font-semibold tracking-tight ${tone === "dark" ? "text-slate-900" : "text-white"}`}>Keel</span>
    </span>
  );
}
