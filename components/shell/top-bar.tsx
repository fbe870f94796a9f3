import Link from "next/link";
import { currentViewer } from "@/lib/auth/session";
import { Button } from "@/components/ui/button";
import { PlatformSwitcher, UserMenu } from "./signed-in-controls";

export async function TopBar() {
  const viewer = await currentViewer();
  return (
    <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <span aria-hidden className="bg-brand-gradient inline-block size-6 rounded-md" />
          Tollgate
        </Link>
        {viewer && viewer.platforms.length > 0 && (
          <PlatformSwitcher platforms={viewer.platforms} currentKey={viewer.platform?.key ?? null} />
        )}
        <nav className="ml-auto flex items-center gap-2">
          {viewer ? (
            <UserMenu email={viewer.user.email} name={viewer.user.name} isOperator={viewer.user.isOperator} />
          ) : (
            <Button asChild size="sm">
              <Link href="/sign-in">Sign in</Link>
            </Button>
          )}
        </nav>
      </div>
    </header>
  );
}
