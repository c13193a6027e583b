"use client";
// Esc goes back to where the person came from (the filtered list), or to `fallback`.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function EscBack({ fallback }: { fallback: string }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT")) return;
      if (document.querySelector("dialog[open]")) return;
      // A tab opened on this page has nothing to go back to: go to the list instead.
      if (window.history.length > 1) router.back();
      else router.push(fallback);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, fallback]);
  return null;
}
