"use client";
// How an objective and an alert read at a glance: health (met / at risk / breached), alert level, status.
import { Badge, type BadgeTone } from "@/components/ui";
import { OBJECTIVE_HEALTH_LABELS, type AlertLevel, type ObjectiveHealth, type ObjectiveStatus } from "@/lib/shared/objectives";

const HEALTH_TONES: Record<ObjectiveHealth, BadgeTone> = { met: "good", at_risk: "warn", breached: "bad", no_data: "muted" };

export function HealthBadge({ health }: { health: ObjectiveHealth }) {
  return (
    <Badge tone={HEALTH_TONES[health]} dot>
      {OBJECTIVE_HEALTH_LABELS[health]}
    </Badge>
  );
}

export function AlertLevelBadge({ level }: { level: AlertLevel }) {
  if (level === "none") return <span className="text-xs text-slate-400">none</span>;
  return <Badge tone={level === "page" ? "bad" : "warn"}>{level === "page" ? "Page" : "Ticket"}</Badge>;
}

export function ObjectiveStatusBadge({ status }: { status: ObjectiveStatus }) {
  return <Badge tone={status === "approved" ? "accent" : "neutral"}>{status === "approved" ? "Approved" : "Draft"}</Badge>;
}
