// Renders user-written Markdown (runbooks, stakeholder-update templates, postmortems) inertly:
// raw HTML in the source is shown as text, never parsed (react-markdown without rehype-raw), links
// keep only http(s), mailto and relative targets (react-markdown's defaultUrlTransform empties the
// rest, e.g. `javascript:`; an emptied link renders as plain text), and images are not rendered at
// all, so a document can't make the viewer's browser fetch a third-party URL.
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const components: Components = {
  h1: ({ children }) => <h2 className="mt-4 mb-2 text-base font-semibold text-slate-900 first:mt-0">{children}</h2>,
  h2: ({ children }) => <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-900 first:mt-0">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-3 mb-1 text-sm font-semibold text-slate-800 first:mt-0">{children}</h4>,
  h4: ({ children }) => <h5 className="mt-3 mb-1 text-sm font-medium text-slate-800 first:mt-0">{children}</h5>,
  h5: ({ children }) => <h6 className="mt-2 mb-1 text-sm font-medium text-slate-800">{children}</h6>,
  h6: ({ children }) => <h6 className="mt-2 mb-1 text-sm font-medium text-slate-800">{children}</h6>,
  p: ({ children }) => <p className="my-2 leading-6">{children}</p>,
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5">{children}</ol>,
  blockquote: ({ children }) => <blockquote className="my-2 border-l-2 border-slate-300 pl-3 text-slate-600">{children}</blockquote>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]">{children}</code>,
  pre: ({ children }) => <pre className="my-2 overflow-x-auto rounded bg-slate-100 p-3 text-xs [&_code]:bg-transparent [&_code]:p-0">{children}</pre>,
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse text-left text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border-b border-slate-300 px-2 py-1 font-medium">{children}</th>,
  td: ({ children }) => <td className="border-b border-slate-100 px-2 py-1">{children}</td>,
  hr: () => <hr className="my-3 border-slate-200" />,
  a: ({ href, children }) =>
    href ? (
      <a href={href} className="text-blue-700 underline" target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
};

export function MarkdownView({ source, className }: { source: string; className?: string }) {
  return (
    <div className={`text-sm text-slate-800 ${className ?? ""}`} data-testid="markdown">
      <Markdown remarkPlugins={[remarkGfm]} components={components} disallowedElements={["img"]}>
        {source}
      </Markdown>
    </div>
  );
}
