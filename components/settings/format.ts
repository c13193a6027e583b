// Display helpers of the settings panels (dates: lib/shared/format.ts; audit lines: ./audit-format.ts).
import type { PersonRef } from "@/lib/shared/settings";

export const personLabel = (p: PersonRef | null) => (p ? (p.name ?? p.email) : "—");
