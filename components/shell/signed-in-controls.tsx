"use client";

import dynamic from "next/dynamic";

// The top bar's controls for a signed-in viewer, split into chunks of their own: the root layout
// ships on every page, and a guest's page (the share-link buy page) never loads the menu, the
// platform select or next-auth's client. Server-rendered as before; the chunk loads on hydration.
export const PlatformSwitcher = dynamic(() => import("./platform-switcher").then((m) => m.PlatformSwitcher));
export const UserMenu = dynamic(() => import("./user-menu").then((m) => m.UserMenu));
