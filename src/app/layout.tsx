import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import NextTopLoader from "nextjs-toploader";
import { Toaster } from "@/components/feedback/toaster";
import "./globals.css";

// Every page is rendered per request: its scripts carry that request's CSP nonce (src/proxy.ts). A page
// prerendered at build time would have scripts without one, which the browser refuses to run.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Workledger", template: "%s · Workledger" },
  description: "Invoicing for freelancers and agencies",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The progress bar's <style> element needs this request's CSP nonce (src/proxy.ts sets x-nonce).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en">
      <body>
        <NextTopLoader nonce={nonce} showSpinner={false} color="#2457d6" height={3} />
        <Toaster>{children}</Toaster>
      </body>
    </html>
  );
}
