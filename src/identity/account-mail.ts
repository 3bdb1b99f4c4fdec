import { appUrl } from "@/platform/config";
import { consumeRateLimit } from "@/platform/rate-limit";
import { AppError } from "@/platform/errors";
import { sendAccountEmail, type AccountEmailKind, type EmailMessage } from "@/platform/mailer";

const HOUR = 60 * 60 * 1000;
/** Per address: enough for a person who lost a mail, too few to bomb someone's inbox through our server. */
const ACCOUNT_MAILS_PER_HOUR = 5;

interface Person {
  email: string;
  name: string;
}

/** False (and nothing sent) when this address already got its share of account email this hour. */
async function underMailBudget(kind: string, email: string): Promise<boolean> {
  try {
    await consumeRateLimit(`account-mail:${kind}:${email.toLowerCase()}`, ACCOUNT_MAILS_PER_HOUR, HOUR);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return false;
    throw err;
  }
}

/*
 * A failing mail server must not change what the caller sees: "reset my password" answers the same
 * whether or not the address has an account, and an error only for existing ones would tell. Failures
 * are logged (recipient and reason, never the link) and the person can ask again.
 */
async function deliver(message: EmailMessage, kind: AccountEmailKind): Promise<void> {
  try {
    await sendAccountEmail(message, kind);
  } catch (err) {
    console.error(`[mail] could not send the ${kind} email to ${message.to}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Better Auth builds the verification link (a signed, expiring token, not stored anywhere); it lands
 * on /email-verified unless the request named another page of ours to come back to.
 */
export function verificationLink(betterAuthUrl: string): string {
  const url = new URL(betterAuthUrl);
  const back = url.searchParams.get("callbackURL");
  if (!back || back === "/") url.searchParams.set("callbackURL", "/email-verified");
  return url.toString();
}

export async function sendVerificationMail(user: Person, url: string): Promise<void> {
  if (!(await underMailBudget("verify", user.email))) return;
  await deliver(
    {
      to: user.email,
      subject: "Verify your email address for Workledger",
      text:
        `Hello ${user.name},\n\n` +
        `Please confirm that ${user.email} is your address by opening this link:\n\n${verificationLink(url)}\n\n` +
        `The link works for one hour. Until you confirm, you can use your own workspaces but not accept invitations.\n` +
        `If you did not sign up for Workledger, you can ignore this email.\n`,
    },
    "verify_email",
  );
}

export async function sendPasswordResetMail(user: Person, url: string): Promise<void> {
  if (!(await underMailBudget("reset", user.email))) return;
  await deliver(
    {
      to: user.email,
      subject: "Reset your Workledger password",
      text:
        `Hello ${user.name},\n\n` +
        `Someone (hopefully you) asked to reset the password of the Workledger account ${user.email}.\n` +
        `Choose a new password here:\n\n${url}\n\n` +
        `The link works once, for one hour. Setting a new password signs you out everywhere.\n` +
        `If you did not ask for this, ignore this email: your password stays as it is.\n`,
    },
    "reset_password",
  );
}

export async function sendPasswordChangedMail(user: Person): Promise<void> {
  await deliver(
    {
      to: user.email,
      subject: "Your Workledger password was changed",
      text:
        `Hello ${user.name},\n\n` +
        `The password of your Workledger account ${user.email} was just reset, and every session was signed out.\n` +
        `If this was not you, reset it again at ${appUrl()}/forgot-password and tell your workspace owner.\n`,
    },
    "password_changed",
  );
}
