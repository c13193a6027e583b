import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";

/** Placeholder of a section that is not built yet, so the navigation never leads to a 404. */
export function ComingSoon({ title, description, what }: { title: string; description: string; what: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <div className="rounded-lg border border-dashed border-slate-300 bg-white">
        <EmptyState
          title={`${title} is coming soon`}
          description={what}
          icon={
            <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
              <circle cx="10" cy="10" r="7" />
              <path d="M10 6v4l2.5 2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          }
        />
      </div>
    </>
  );
}
