"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { KeyRound, LogOut, ShieldCheck, User } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export function UserMenu({ email, name, isOperator }: { email: string; name: string | null; isOperator: boolean }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        {/* the name includes the visible e-mail (axe: label-content-name-mismatch) */}
        <Button variant="ghost" size="sm">
          <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-primary text-xs font-semibold text-primary-foreground">
            {(name ?? email).charAt(0).toUpperCase()}
          </span>
          <span className="hidden sm:inline" data-testid="signed-in-email">{email}</span>
          <span className="sr-only">User menu</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel className="truncate">{name ?? email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/profile"><User /> Profile</Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/account"><KeyRound /> Account</Link>
        </DropdownMenuItem>
        {isOperator && (
          <DropdownMenuItem asChild>
            <Link href="/operator"><ShieldCheck /> Operator</Link>
          </DropdownMenuItem>
        )}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => signOut({ callbackUrl: "/" })}>
          <LogOut /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
