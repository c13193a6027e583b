/** Joins class names, skipping falsy ones: cn("a", cond && "b"). No tailwind-merge: callers avoid conflicts. */
export function cn(...classes: (string | false | null | undefined | 0)[]): string {
  return classes.filter(Boolean).join(" ");
}
