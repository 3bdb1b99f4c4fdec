/** A tiny XML writer for the e-invoice generators: elements as nested arrays, text always escaped. */

export type XmlAttributes = Record<string, string | null | undefined>;
/** An element: name, attributes, children (text or elements); null or undefined children are left out. */
export type XmlNode = string | XmlElement;
export interface XmlElement {
  name: string;
  attributes: XmlAttributes;
  children: (XmlNode | null | undefined | false)[];
}

export function el(name: string, attributes: XmlAttributes, ...children: (XmlNode | null | undefined | false)[]): XmlElement;
export function el(name: string, ...children: (XmlNode | null | undefined | false)[]): XmlElement;
export function el(name: string, ...rest: unknown[]): XmlElement {
  const [first, ...others] = rest;
  if (first !== null && typeof first === "object" && !("name" in first)) {
    return { name, attributes: first as XmlAttributes, children: others as XmlElement["children"] };
  }
  return { name, attributes: {}, children: rest as XmlElement["children"] };
}

/** An element only when its text is there (optional fields). */
export function opt(name: string, text: string | null | undefined, attributes: XmlAttributes = {}): XmlElement | null {
  return text ? el(name, attributes, text) : null;
}

// XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except the surrogates and U+FFFE/F.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function write(node: XmlElement, indent: string, out: string[]): void {
  const attrs = Object.entries(node.attributes)
    .filter((e): e is [string, string] => typeof e[1] === "string")
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  const children = node.children.filter((c): c is XmlNode => c !== null && c !== undefined && c !== false);
  if (children.length === 0) {
    out.push(`${indent}<${node.name}${attrs}/>`);
  } else if (children.every((c) => typeof c === "string")) {
    out.push(`${indent}<${node.name}${attrs}>${children.map((c) => escapeXml(c as string)).join("")}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const c of children) {
      if (typeof c === "string") out.push(`${indent}  ${escapeXml(c)}`);
      else write(c, `${indent}  `, out);
    }
    out.push(`${indent}</${node.name}>`);
  }
}

export function renderXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, "", out);
  return `${out.join("\n")}\n`;
}
