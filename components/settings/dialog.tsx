"use client";
// A modal built on <dialog> (focus trap, Esc and the backdrop for free), as the incident dialog
// does; `open` is controlled so a panel can keep a dialog up across a mutation.
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui";

export function Modal({
  open,
  onClose,
  label,
  children,
  width = "w-[28rem]",
}: {
  open: boolean;
  onClose: () => void;
  label: string;
  children: ReactNode;
  width?: string;
}) {
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
      aria-label={label}
      onClose={onClose}
      className={`m-auto ${width} rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/30`}
    >
      {open && children}
    </dialog>
  );
}

/** "Are you sure?" with the consequence spelled out and a danger button. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal open={open} onClose={onClose} label={title}>
      <div className="space-y-3 p-5">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <div className="text-sm text-slate-600">{children}</div>
        {error && (
          <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" loading={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Modal>
  );
}
