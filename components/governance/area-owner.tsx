"use client";
// "Owned by …" for a governance area (issue 18): the release gates page, the settings' policy and
// audit, objectives and alerts show who owns them. Nothing while loading; "unassigned" when nobody is.
import Link from "next/link";
import { useProject } from "@/components/shell/project-context";
import { useOwnership } from "@/lib/client/governance";
import type { BuiltinAreaKey } from "@/lib/shared/ownership";

export function AreaOwner({ area, className }: { area: BuiltinAreaKey; className?: string }) {
  const project = useProject();
  const q = useOwnership(project.slug);
  const a = q.data?.find((x) => x.key === area);
  if (!a) return null;
  return (
    // A span (block): it sits inside page headers' description paragraphs too.
    <span className={`block text-xs text-slate-500 ${className ?? ""}`} data-testid={`area-owner-${area}`}>
      {a.label}:{" "}
      {a.owner ? (
        <span className="font-medium text-slate-700">{a.ownerName ?? a.owner}</span>
      ) : (
        <span>unassigned</span>
      )}
      {project.can("ownership:write") && (
        <>
          {" · "}
          <Link href={`/${project.slug}/settings/ownership`} className="text-accent-700 hover:underline">
            {a.owner ? "change" : "assign"}
          </Link>
        </>
      )}
    </span>
  );
}
