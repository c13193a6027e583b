import type { PersonRef } from "@/lib/shared/settings";

/** A person as the settings panels name them: the name, else the email; "—" for none. */
export const personLabel = (p: PersonRef | null) => (p ? (p.name ?? p.email) : "—");
