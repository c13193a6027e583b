"use client";
// A stakeholder update for one audience: the project's template rendered for this incident now
// (previewed inertly with MarkdownView), copied as Markdown or plain text, and marked sent, which
// records it on the timeline. Editing the text before sending is allowed: what is sent is kept.
import { useState } from "react";
import { Button, Notice, Select, Skeleton } from "@/components/ui";
import { MarkdownView } from "@/components/ui/markdown";
import { useSendUpdate, useUpdatePreview } from "@/lib/client/incident-response";
import { AUDIENCE_LABELS, AUDIENCES, markdownToPlainText, type Audience } from "@/lib/shared/incident-response";

export function StakeholderUpdatePanel({ slug, number }: { slug: string; number: number }) {
  const [audience, setAudience] = useState<Audience>("executives");
  const [open, setOpen] = useState(false);
  const [edited, setEdited] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const preview = useUpdatePreview(slug, number, audience, open);
  const send = useSendUpdate(slug, number);
  const markdown = edited ?? preview.data?.markdown ?? "";

  const copy = async (what: "Markdown" | "text") => {
    await navigator.clipboard.writeText(what === "Markdown" ? markdown : markdownToPlainText(markdown));
    setCopied(what);
  };

  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Prepare stakeholder update
      </Button>
    );
  return (
    <div className="space-y-3" data-testid="stakeholder-update">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        Audience
        <Select
          value={audience}
          onChange={(e) => {
            setAudience(e.target.value as Audience);
            setEdited(null);
            setCopied(null);
          }}
        >
          {AUDIENCES.map((a) => (
            <option key={a} value={a}>
              {AUDIENCE_LABELS[a]}
            </option>
          ))}
        </Select>
      </label>
      {preview.isPending ? (
        <Skeleton className="h-24" />
      ) : preview.isError ? (
        <Notice tone="bad">{preview.error.message}</Notice>
      ) : (
        <>
          <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-1 text-sm break-words text-slate-800" aria-label="Preview" data-testid="update-preview">
            <MarkdownView source={markdown} />
          </div>
          <details className="text-xs text-slate-600">
            <summary className="cursor-pointer">Edit before sending (Markdown)</summary>
            <textarea
              aria-label="Update text"
              value={markdown}
              onChange={(e) => setEdited(e.target.value)}
              rows={8}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-2 font-mono text-xs text-slate-900 focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
            />
          </details>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={() => copy("Markdown")}>
              Copy Markdown
            </Button>
            <Button size="sm" variant="secondary" onClick={() => copy("text")}>
              Copy text
            </Button>
            <Button
              size="sm"
              variant="primary"
              loading={send.isPending}
              disabled={!markdown.trim()}
              onClick={() =>
                send.mutate(
                  { audience, ...(edited !== null ? { body: edited } : {}) },
                  {
                    onSuccess: () => {
                      setEdited(null);
                      setOpen(false);
                    },
                  },
                )
              }
            >
              Mark as sent
            </Button>
          </div>
          {copied && <p className="text-xs text-emerald-700" role="status">Copied as {copied}.</p>}
          {send.isError && <Notice tone="bad">{send.error.message}</Notice>}
        </>
      )}
    </div>
  );
}
