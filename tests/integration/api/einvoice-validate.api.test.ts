import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDir } from "@/platform/local-state";
import { buildEinvoiceModel } from "@/modules/einvoice/einvoice-model";
import { renderUbl } from "@/modules/einvoice/ubl";
import { renderCii } from "@/modules/einvoice/cii";
import { ownerSql } from "../../support/auth-client";
import { workspaceFixture, type WorkspaceFixture } from "../../support/fixtures";
import { api, expectProblem, keyFor } from "../../support/api";
import { en16931Dir, installCompiledRules } from "../../support/en16931";
import { BUYER, invoiceOf, SELLER } from "../../support/einvoice-fixtures";

/*
 * POST /api/v1/einvoices/validate: a received UBL or CII document judged by the official EN 16931 rules at run
 * time (SaxonJS with the compiled rules in $WORKLEDGER_DATA_DIR/en16931, put there by the test as `npm start`
 * would have compiled them), and GET /invoices/{id}/einvoice end to end.
 */
const owner = ownerSql();
afterAll(() => owner.end());
let fx: WorkspaceFixture;
let token: string;
const example = (name: string) => readFileSync(path.join(en16931Dir(), "examples", name), "utf8");
const post = (xml: string, type = "application/xml") =>
  api<Record<string, unknown>>("POST", "/api/v1/einvoices/validate", { token, rawBody: xml, headers: { "content-type": type } });

beforeAll(async () => {
  await installCompiledRules(path.join(dataDir(), "en16931"));
  fx = await workspaceFixture(owner, "admin", "einv");
  token = await keyFor(fx.actor, "member");
}, 300_000);

describe("POST /api/v1/einvoices/validate", () => {
  it("accepts the official examples (200, the syntax named) and our own exports", async () => {
    for (const [file, syntax] of [
      ["ubl-example1.xml", "ubl"],
      ["ubl-creditnote1.xml", "ubl"],
      ["cii-example1.xml", "cii"],
    ] as const) {
      const res = await post(example(file), file.startsWith("cii") ? "text/xml" : "application/xml");
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      expect(res.body).toMatchObject({ syntax, valid: true, failed_rules: expect.any(Array) });
    }
    for (const format of ["ubl", "cii"] as const) {
      const exported = await api("GET", `/api/v1/invoices/${fx.sentInvoiceId}/einvoice?format=${format}`, { token });
      expect(exported.status).toBe(200);
      expect(exported.headers.get("content-type")).toMatch(/^application\/xml/);
      const xml = (exported.body as { text: string }).text;
      expect((await post(xml)).body).toMatchObject({ syntax: format, valid: true });
    }
  });

  it("answers the failed rules of a wrong document as problem+json (rule, flag, location, message)", async () => {
    const model = buildEinvoiceModel("cii", invoiceOf([{ quantityMilli: 1_000, unitPriceMinor: 10_000, category: "S" }]), SELLER, BUYER);
    const wrong = renderCii({ ...model, totals: { ...model.totals, payable: "1.00" } });
    const res = await post(wrong);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: "validation_failed", syntax: "cii" });
    expect(res.body.failed_rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: "BR-CO-16",
          flag: "fatal",
          location: expect.stringContaining("CrossIndustryInvoice"),
          message: expect.any(String),
        }),
      ]),
    );
    const ubl = renderUbl({
      ...buildEinvoiceModel("ubl", invoiceOf([{ quantityMilli: 1_000, unitPriceMinor: 100, category: "E" }]), SELLER, BUYER),
    });
    const noReason = ubl.replace(/<cbc:TaxExemptionReason>[^<]*<\/cbc:TaxExemptionReason>/, "");
    expect(((await post(noReason)).body.failed_rules as { rule: string }[]).map((f) => f.rule)).toContain("BR-E-10");
  });

  it("refuses what is not a UBL or CII document: JSON (415), other XML, a DOCTYPE, broken XML (422), over 1 MB (413)", async () => {
    expectProblem(await api("POST", "/api/v1/einvoices/validate", { token, body: { xml: "<Invoice/>" } }), 415, "unsupported_media_type");
    expectProblem(await post("<note><to>x</to></note>"), 422, "validation_failed");
    expectProblem(
      await post(
        `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${example("ubl-example1.xml").replace(/^<\?xml[^>]*>/, "")}`,
      ),
      422,
      "validation_failed",
    );
    expectProblem(await post(example("ubl-example1.xml").slice(0, 2000)), 422, "validation_failed");
    expectProblem(await post(""), 422, "validation_failed");
    expectProblem(await post(`${example("ubl-example1.xml")}<!--${"x".repeat(1024 * 1024)}-->`), 413, "payload_too_large");
  });

  it("needs credentials", async () => {
    expectProblem(
      await api("POST", "/api/v1/einvoices/validate", {
        rawBody: example("ubl-example1.xml"),
        headers: { "content-type": "application/xml" },
      }),
      401,
      "unauthenticated",
    );
  });
});
