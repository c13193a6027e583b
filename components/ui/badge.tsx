import type { ReactNode } from "react";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "accent" | "good" | "bad" | "warn" | "info" | "muted";

const TONES: Record<BadgeTone, { box: string; dot: string }> = {
  neutral: { box: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-500" },
  accent: { box: "bg-accent-50 text-accent-700 ring-accent-200", dot: "bg-accent-500" },
  good: { box: "bg-emerald-50 text-emerald-700 ring-emerald-200", dot: "bg-emerald-500" },
  bad: { box: "bg-rose-50 text-rose-700 ring-rose-200", dot: "bg-rose-500" },
  warn: { box: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  info: { box: "bg-sky-50 text-sky-700 ring-sky-200", dot: "bg-sky-500" },
  muted: { box: "bg-white text-slate-500 ring-slate-200", dot: "bg-slate-300" },
};

export interface BadgeProps {
  tone?: BadgeTone;
  /** A coloured dot before the text (status-like badges). */
  dot?: boolean;
  title?: string;
  className?: string;
  children: ReactNode;
}

export function Badge({ tone = "neutral", dot, title, className, children }: BadgeProps) {
  const t = TONES[tone];
  return (
    <span
      title={title}
      className={cn(
        "inline-flex h-5 items-center gap-1 rounded px-1.5 text-[11px] leading-none font-medium whitespace-nowrap ring-1 ring-inset",
        t.box,
        className,
      )}
    >
      {dot && <span className={cn("size-1.5 rounded-full", t.dot)} aria-hidden="true" />}
      {children}
    </span>
  );
}

/* The domain's enumerations (CONTRACT §2, §6) → tone + label, so every page colours them alike. */
const OUTCOME: Record<string, [BadgeTone, string]> = {
  success: ["good", "Success"],
  failure: ["bad", "Failure"],
  escalated: ["warn", "Escalated"],
};
const TOOL_STATUS: Record<string, [BadgeTone, string]> = {
  ok: ["good", "ok"],
  error: ["bad", "error"],
  timeout: ["warn", "timeout"],
  blocked: ["info", "blocked"],
};
const SEVERITY: Record<string, [BadgeTone, string]> = {
  SEV1: ["bad", "SEV1"],
  SEV2: ["warn", "SEV2"],
  SEV3: ["info", "SEV3"],
  SEV4: ["neutral", "SEV4"],
};
const STATUS: Record<string, [BadgeTone, string]> = {
  // incidents
  open: ["bad", "Open"],
  mitigated: ["warn", "Mitigated"],
  resolved: ["good", "Resolved"],
  // fix items (open shared with incidents)
  in_progress: ["accent", "In progress"],
  fixed: ["good", "Fixed"],
  wont_fix: ["muted", "Won't fix"],
  // gates
  pass: ["good", "Pass"],
  fail: ["bad", "Fail"],
};
const ENVIRONMENT: Record<string, [BadgeTone, string]> = {
  production: ["neutral", "production"],
  canary: ["warn", "canary"],
  staging: ["info", "staging"],
  sandbox: ["muted", "sandbox"],
};
const ROLE: Record<string, [BadgeTone, string]> = {
  viewer: ["muted", "viewer"],
  sre: ["info", "sre"],
  owner: ["accent", "owner"],
  admin: ["neutral", "admin"],
};

function lookup(table: Record<string, [BadgeTone, string]>, value: string, dot = false) {
  const [tone, label] = table[value] ?? ["neutral", value];
  return (
    <Badge tone={tone} dot={dot}>
      {label}
    </Badge>
  );
}

export const OutcomeBadge = ({ outcome }: { outcome: string }) => lookup(OUTCOME, outcome, true);
export const ToolStatusBadge = ({ status }: { status: string }) => lookup(TOOL_STATUS, status);
export const SeverityBadge = ({ severity }: { severity: string }) => lookup(SEVERITY, severity);
/** Incident status, fix-item status, gate pass/fail. */
export const StatusBadge = ({ status }: { status: string }) => lookup(STATUS, status, true);
export const EnvironmentBadge = ({ environment }: { environment: string }) => lookup(ENVIRONMENT, environment);
export const RoleBadge = ({ role }: { role: string }) => lookup(ROLE, role);
