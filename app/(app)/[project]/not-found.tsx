import { NotFoundInProject } from "@/components/shell/not-found-in-project";

/** A page of this project that does not exist, or that the person's role does not include. */
export default function NotFound() {
  return <NotFoundInProject />;
}
