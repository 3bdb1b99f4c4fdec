import { cookies } from "next/headers";
import { FLASH_COOKIE } from "@/components/feedback/flash-cookie";

/**
 * A success message for the page a server action redirects to: kept for a minute in a cookie that the
 * toaster (src/components/feedback/toaster.tsx) reads once, shows as a toast and deletes. Only the
 * message travels; it is not a secret and never holds user input beyond what the page itself shows.
 */
export async function flash(message: string): Promise<void> {
  // Next.js URL-encodes the value; the toaster decodes it.
  (await cookies()).set(FLASH_COOKIE, message.slice(0, 300), {
    path: "/",
    maxAge: 60,
    sameSite: "lax",
    httpOnly: false,
  });
}
