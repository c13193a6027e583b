"use client";
// A link to the runs behind a number, or plain text for a role that may not read traces
// (a viewer): the dashboards never lead anyone to a page they cannot open.
import Link from "next/link";
import type { MouseEvent, ReactNode } from "react";

export function RunsLink({
  href,
  className,
  title,
  onClick,
  children,
}: {
  href: string | null;
  className?: string;
  title?: string;
  onClick?: (e: MouseEvent) => void;
  children: ReactNode;
}) {
  if (href === null) return <span className={className?.replace(/hover:\S+/g, "")}>{children}</span>;
  return (
    <Link href={href} className={className} title={title} onClick={onClick}>
      {children}
    </Link>
  );
}
