import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page is rendered per request: its scripts carry that request's CSP nonce (src/proxy.ts). A page
// prerendered at build time would have scripts without one, which the browser refuses to run.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Workledger", template: "%s · Workledger" },
  description: "Invoicing for freelancers and agencies",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
