/** Just enough MIME to read back what nodemailer sent: headers, the text part, and attachments. */

export interface MimePart {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(raw: string): MimePart {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

export function decodeQuotedPrintable(s: string): string {
  const bytes = Buffer.from(
    s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    "latin1",
  );
  return bytes.toString("utf8");
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`) back to text. */
export function decodeWords(s: string): string {
  return s.replace(/\?=\s+=\?/g, "?==?").replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

export interface ParsedMail {
  headers: Record<string, string>;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

function decodeBody(part: MimePart): Buffer {
  const enc = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64");
  if (enc === "quoted-printable") return Buffer.from(decodeQuotedPrintable(part.body), "utf8");
  return Buffer.from(part.body, "utf8");
}

export function parseMail(raw: string): ParsedMail {
  const top = splitHeaders(raw);
  const out: ParsedMail = { headers: top.headers, text: "", attachments: [] };
  const walk = (part: MimePart) => {
    const type = part.headers["content-type"] ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      const pieces = part.body.split(`--${boundary}`).slice(1);
      for (const piece of pieces) {
        if (piece.startsWith("--")) break;
        walk(splitHeaders(piece.replace(/^\r?\n/, "")));
      }
      return;
    }
    const disposition = part.headers["content-disposition"] ?? "";
    if (/attachment/i.test(disposition)) {
      const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? "";
      out.attachments.push({ filename, contentType: type.split(";")[0]!, content: decodeBody(part) });
    } else if (/^text\/plain/i.test(type)) {
      out.text += decodeBody(part).toString("utf8");
    }
  };
  walk(top);
  return out;
}
