"use client";
// The weekly review page: a week picker, the KPI tables, the top failures with their fix items,
// the slowest tools; print-friendly, and exportable as Markdown.
import { useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Button, ErrorState, PageHeader, SkeletonRows, Card } from "@/components/ui";
import { useProject } from "@/components/shell/project-context";
import { useReview } from "@/lib/client/review";
import { formatDate } from "@/lib/shared/format";
import { parseIsoWeek } from "@/lib/shared/iso-week";
import { reviewToMarkdown } from "@/lib/shared/review-markdown";
import type { Review } from "@/lib/shared/review";
import type { Member } from "@/components/fix-items/fix-item-editor";
import { KpiCard, ReleaseCard, ToolsCard, WorkflowCard } from "./kpi-tables";
import { TopFailuresCard } from "./top-failures";
import { RisksSection } from "./risks-section";
import { GuardrailsCard } from "./guardrails-section";
import { WeekPicker, weekDays } from "./week-picker";

export function ReviewPanel({ initialWeek, members }: { initialWeek: string; members: Member[] }) {
  const project = useProject();
  const router = useRouter();
  const pathname = usePathname();
  const [week, setWeek] = useState(initialWeek);
  const review = useReview(project.slug, week);
  const canWrite = project.can("fix-items:write");
  const canTrace = project.can("traces:read");

  function changeWeek(w: string) {
    setWeek(w);
    router.replace(`${pathname}?week=${w}`, { scroll: false });
  }

  return (
    <div className="min-w-0 print:text-[11px]">
      <PageHeader
        title="Weekly review"
        description={
          <>
            {week} · {weekDays(parseIsoWeek(week)!)} <span className="text-slate-400">(Monday 00:00 UTC to Monday 00:00 UTC)</span>
          </>
        }
        actions={
          <>
            <WeekPicker week={week} onChange={changeWeek} />
            <div className="flex flex-wrap gap-2 print:hidden">{review.data && <ExportButtons review={review.data} projectName={project.name} />}</div>
          </>
        }
      />
      {review.isError ? (
        <Card>
          <ErrorState error={review.error} onRetry={() => review.refetch()} retrying={review.isFetching} />
        </Card>
      ) : !review.data ? (
        <Card>
          <SkeletonRows rows={10} />
        </Card>
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-2 print:grid-cols-2">
            <KpiCard review={review.data} slug={project.slug} canTrace={canTrace} />
            <ReleaseCard review={review.data} slug={project.slug} canTrace={canTrace} />
          </div>
          <TopFailuresCard review={review.data} slug={project.slug} members={members} canWrite={canWrite} canTrace={canTrace} />
          <RisksSection review={review.data} slug={project.slug} />
          <GuardrailsCard review={review.data} slug={project.slug} canTrace={canTrace} />
          <div className="grid grid-cols-1 gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] print:grid-cols-1">
            <WorkflowCard review={review.data} slug={project.slug} canTrace={canTrace} />
            <ToolsCard review={review.data} />
          </div>
        </div>
      )}
    </div>
  );
}

function ExportButtons({ review, projectName }: { review: Review; projectName: string }) {
  const [copied, setCopied] = useState(false);
  const markdown = () => reviewToMarkdown(review, { projectName, today: formatDate(new Date(), { timeZone: "UTC" }) });

  async function copy() {
    await navigator.clipboard.writeText(markdown());
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  }
  function download() {
    const url = URL.createObjectURL(new Blob([markdown()], { type: "text/markdown" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `review-${review.week}.md`;
    a.click();
    // Revoked on the next task, not at once: some browsers start the download asynchronously.
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return (
    <>
      <Button size="sm" onClick={copy}>
        {copied ? "Copied" : "Copy Markdown"}
      </Button>
      <Button size="sm" onClick={download}>
        Download .md
      </Button>
      <Button size="sm" onClick={() => window.print()}>
        Print
      </Button>
    </>
  );
}
