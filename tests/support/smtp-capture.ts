import { SMTPServer } from "smtp-server";
import { reloadConfig } from "@/platform/config";
import { freePort } from "@/platform/db/embedded";

/** A message as the SMTP server received it: the envelope and the raw MIME text (read it with parseMail). */
export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpCapture {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message received, in order of arrival. */
  received: CapturedMail[];
  close(): Promise<void>;
}

/** What to answer to a recipient: nothing to accept it, or an SMTP refusal (e.g. 550 for good, 451 for now). */
export type RecipientRule = (address: string) => { code: number; message: string } | undefined;

/** An in-process SMTP server on a free port that keeps every message, for tests of what the app sends. */
export async function startSmtpCapture(refuse: RecipientRule = () => undefined): Promise<SmtpCapture> {
  const received: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = refuse(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Points this process's mailer at `url` (SMTP_URL, config reloaded); the returned function puts back what was there. */
export function useSmtpUrl(url: string): () => void {
  const previous = process.env.SMTP_URL;
  process.env.SMTP_URL = url;
  reloadConfig();
  return () => {
    if (previous === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = previous;
    reloadConfig();
  };
}
