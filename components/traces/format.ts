// Display helpers of the traces and incidents pages (numbers and dates: lib/shared/format.ts).

export function formatCategory(category: string): string {
  return category.replace(/_/g, " ");
}
