// Keel's UI primitives: Tailwind only, no data fetching. Import from "@/components/ui".
export { cn } from "./cn";
export { Button, buttonClass, Spinner, type ButtonProps, type ButtonVariant, type ButtonSize } from "./button";
export { Card, type CardProps } from "./card";
export { StatGrid, DeltaChip, type StatDelta } from "./stat";
export { Table, TableContainer, THead, TBody, Tr, Th, Td, TableEmpty, type SortDirection } from "./table";
export { useTableSort } from "./use-table-sort";
export {
  Badge,
  OutcomeBadge,
  ToolStatusBadge,
  SeverityBadge,
  StatusBadge,
  EnvironmentBadge,
  type BadgeTone,
} from "./badge";
export { Input, Select, Field, type InputProps, type SelectProps } from "./input";
export { EmptyState, ErrorState, Notice, errorMessage } from "./states";
export { Skeleton, SkeletonRows } from "./skeleton";
export { PageHeader } from "./page-header";
export { Tabs, type TabItem } from "./tabs";
export * from "./time";
