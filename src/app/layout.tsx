import type { Metadata } from "next";
import type { ReactNode } from "react";
import { cookies, headers } from "next/headers";
import NextTopLoader from "nextjs-toploader";
import { Toaster } from "@/components/feedback/toaster";
import { CspNonce } from "@/components/ui/csp-nonce";
import { parseTheme, THEME_COOKIE } from "@/components/ui/theme";
import "./globals.css";

// Every page is rendered per request: its scripts carry that request's CSP nonce (src/proxy.ts). A page
// prerendered at build time would have scripts without one, which the browser refuses to run.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Workledger", template: "%s · Workledger" },
  description: "Invoicing for freelancers and agencies",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme cookie decides data-theme on the server, so the first paint is already in the right colours.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const nonce = (await headers()).get("x-nonce");
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <CspNonce nonce={nonce} />
        {/* The progress bar's <style> element carries this request's CSP nonce. */}
        <NextTopLoader nonce={nonce ?? undefined} showSpinner={false} color="var(--accent)" height={3} />
        <Toaster>{children}</Toaster>
      </body>
    </html>
  );
}
