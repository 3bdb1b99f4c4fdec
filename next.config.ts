import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Type errors are caught by `npm run typecheck` (part of `npm test`); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["postgres", "pdfkit", "dejavu-fonts-ttf", "nodemailer", "saxon-js", "xslt3"],
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
};

export default nextConfig;
