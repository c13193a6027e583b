"use client";
// "Create fix item" for one failure type (category + reason), wherever a failure is shown: the
// failures page's reason rows, a failed run. Opens the fix item editor in a dialog; rendered only
// for roles that may write fix items (owner, admin). The members to pick from are fetched when
// the dialog opens.
import { useState } from "react";
import { Button, ErrorState, SkeletonRows, type ButtonSize, type ButtonVariant } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useAssignees } from "@/lib/client/fix-items";
import type { FailureCategory, FixItemDto } from "@/lib/shared/fix-items";
import { FixItemDialog } from "./fix-item-dialog";
import { FixItemEditor } from "./fix-item-editor";
import { formatCategory } from "@/lib/shared/format";

export interface CreateFixItemButtonProps {
  /** The project's slug. */
  slug: string;
  category: FailureCategory;
  reason: string;
  /** Button text; default "Create fix item". */
  label?: string;
  size?: ButtonSize;
  variant?: ButtonVariant;
  className?: string;
  /** Called with the new item after it was saved. */
  onCreated?: (item: FixItemDto) => void;
}

export function CreateFixItemButton({ slug, category, reason, label = "Create fix item", size = "sm", variant = "secondary", className, onCreated }: CreateFixItemButtonProps) {
  const project = useProject();
  const [open, setOpen] = useState(false);
  if (!project.can("fix-items:write")) return null;
  return (
    <>
      <Button size={size} variant={variant} className={className} onClick={() => setOpen(true)} aria-label={`${label}: ${reason}`} title={`${label} for “${reason}”`}>
        {label}
      </Button>
      <FixItemDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Create fix item"
        subtitle={
          <>
            <span className="font-medium text-slate-600">{formatCategory(category)}</span> · {reason}
          </>
        }
      >
        <CreateFixItemForm slug={slug} failure={{ category, reason }} onDone={() => setOpen(false)} onCreated={onCreated} />
      </FixItemDialog>
    </>
  );
}

function CreateFixItemForm({
  slug,
  failure,
  onDone,
  onCreated,
}: {
  slug: string;
  failure: { category: FailureCategory; reason: string };
  onDone: () => void;
  onCreated?: (item: FixItemDto) => void;
}) {
  const members = useAssignees(slug);
  if (members.isError) return <ErrorState compact error={members.error} onRetry={() => members.refetch()} />;
  if (!members.data) return <SkeletonRows rows={3} />;
  return <FixItemEditor slug={slug} members={members.data} failure={failure} item={null} layout="stack" onDone={onDone} onSaved={onCreated} />;
}
