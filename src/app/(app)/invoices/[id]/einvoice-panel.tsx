import Link from "next/link";
import type { EinvoiceFormat } from "@/modules/einvoice/einvoice.service";

const FORMATS: { format: EinvoiceFormat; label: string; profile: string }[] = [
  { format: "ubl", label: "UBL", profile: "Peppol BIS Billing 3.0" },
  { format: "cii", label: "CII", profile: "EN 16931 (XRechnung-compatible)" },
];

/** Where a missing e-invoice field is entered. */
function fixLink(field: string, clientId: string, invoiceId: string): { href: string; label: string } | null {
  if (field.startsWith("seller.")) return { href: "/invoice-settings", label: "Invoice settings" };
  // (No label says "Edit": the page's one Edit link is the draft's.)
  if (field.startsWith("buyer.")) return { href: `/clients/${clientId}/edit`, label: "Client details" };
  if (field.startsWith("lines")) return { href: "/tax-rates", label: "Tax rates" };
  if (field === "buyerReference") return { href: `/invoices/${invoiceId}/edit`, label: "Buyer reference" };
  return null;
}

/** The invoice as EN 16931 e-invoices: a download per format, or exactly which fields are missing and where to enter them. */
export function EinvoicePanel({
  invoiceId,
  clientId,
  readiness,
}: {
  invoiceId: string;
  clientId: string;
  readiness: Record<EinvoiceFormat, { field: string; messages: string[] }[]>;
}) {
  return (
    <section className="panel" aria-label="E-invoice">
      <h2>E-invoice</h2>
      <p className="hint">EN 16931 electronic invoices, checked against the official rules before any file is made.</p>
      {FORMATS.map(({ format, label, profile }) => {
        const missing = readiness[format];
        return (
          <div key={format} data-testid={`einvoice-${format}`}>
            {missing.length === 0 ? (
              <p className="row">
                <a href={`/invoices/${invoiceId}/einvoice?format=${format}`} className="button secondary" download>
                  Download {label} ({profile})
                </a>
                {format === "cii" ? (
                  <a href={`/invoices/${invoiceId}/pdf?format=facturx`} className="button secondary" download>
                    Download Factur-X PDF (EN 16931)
                  </a>
                ) : null}
              </p>
            ) : (
              <>
                <p>
                  <strong>{label}</strong> ({profile}) needs:
                </p>
                <ul>
                  {missing.map(({ field, messages }) => {
                    const fix = fixLink(field, clientId, invoiceId);
                    return (
                      <li key={field} data-field={field} className="field-error">
                        {messages.join(" ")}
                        {fix ? (
                          <>
                            {" "}
                            (
                            <Link href={fix.href} className="underline">
                              {fix.label}
                            </Link>
                            )
                          </>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </div>
        );
      })}
    </section>
  );
}
