"use client";
// A modal on <dialog> (focus trap, Esc and the backdrop for free) holding the fix item editor;
// `open` is controlled so the editor unmounts (and starts fresh) when it closes.
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui";

export function FixItemDialog({ open, onClose, title, subtitle, children }: { open: boolean; onClose: () => void; title: string; subtitle?: ReactNode; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onClose={onClose}
      className="m-auto w-[min(34rem,calc(100vw-1.5rem))] rounded-lg border border-slate-200 p-0 text-left shadow-xl backdrop:bg-slate-900/30"
    >
      {open && (
        <div className="p-5">
          <div className="mb-4 flex items-start justify-between gap-3">
            <div className="min-w-0">
              <h2 className="text-base font-semibold text-slate-900">{title}</h2>
              {subtitle && <div className="mt-0.5 text-xs break-words text-slate-500">{subtitle}</div>}
            </div>
            <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close">
              ✕
            </Button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}
