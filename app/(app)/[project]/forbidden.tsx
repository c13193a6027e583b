import { ForbiddenInProject } from "@/components/shell/forbidden-in-project";

/**
 * A page of this project the person's role does not include, reached by a client-side
 * navigation (the shell stays). A full page load is refused by the project layout instead, with
 * HTTP 403 and app/forbidden.tsx (see requireProjectPage).
 */
export default function Forbidden() {
  return <ForbiddenInProject />;
}
