"use client";
import { useMemo, useState } from "react";
import type { SortDirection } from "./table";

type Key<T> = Extract<keyof T, string>;
type Getter<T> = (row: T) => string | number | null | undefined;

/**
 * Client-side sorting of rows already on the page. Nulls always sort last (no data is not "smallest").
 *   const { sorted, thProps } = useTableSort(rows, { key: "runs", dir: "desc" });
 *   <Th {...thProps("runs")}>Runs</Th>
 */
export function useTableSort<T>(
  rows: readonly T[],
  initial: { key: Key<T>; dir: SortDirection },
  getters: Partial<Record<Key<T>, Getter<T>>> = {},
) {
  const [state, setState] = useState(initial);
  const sorted = useMemo(() => {
    const get: Getter<T> = getters[state.key] ?? ((row) => row[state.key] as unknown as string | number | null);
    const factor = state.dir === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = get(a);
      const vb = get(b);
      if (va === vb) return 0;
      if (va === null || va === undefined) return 1;
      if (vb === null || vb === undefined) return -1;
      if (typeof va === "number" && typeof vb === "number") return (va - vb) * factor;
      return String(va).localeCompare(String(vb)) * factor;
    });
    // getters is expected to be a stable literal per call site; sorting depends on rows and state only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, state]);

  function thProps(key: Key<T>, firstDir: SortDirection = "desc") {
    return {
      sort: state.key === key ? state.dir : (false as const),
      onSort: () =>
        setState((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: firstDir })),
    };
  }

  return { sorted, sort: state, setSort: setState, thProps };
}
