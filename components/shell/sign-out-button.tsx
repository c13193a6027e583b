"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      onClick={async () => {
        setPending(true);
        // Full navigation afterwards: no page of the signed-in session stays in the router cache.
        await signOut({ redirect: false });
        window.location.assign("/signin");
      }}
    >
      Sign out
    </Button>
  );
}
