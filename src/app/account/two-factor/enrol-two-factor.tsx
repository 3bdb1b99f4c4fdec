"use client";

import { useActionState } from "react";
import Link from "next/link";
import { Field, FormMessage } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import { confirmTwoFactorAction, startTwoFactorAction, type EnrolmentState } from "../actions";
import { BackupCodes } from "./backup-codes";

/** Password → QR code, key as text and backup codes → a code from the app confirms. */
export function EnrolTwoFactor() {
  const [started, start] = useActionState<EnrolmentState, FormData>(startTwoFactorAction, {});
  const [confirmed, confirm] = useActionState<EnrolmentState, FormData>(confirmTwoFactorAction, {});
  if (confirmed.confirmed) {
    return (
      <div className="notice" role="status" data-testid="two-factor-on">
        <p>Two-factor authentication is on. Next time you sign in, enter a code from your app after your password.</p>
        <Link href="/dashboard">Continue to your workspace</Link>
      </div>
    );
  }
  const enrolment = started.enrolment;
  if (!enrolment) {
    return (
      <form action={start} noValidate className="panel" aria-label="Start two-factor set-up">
        <FormMessage message={started.message} />
        <Field
          name="password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          errors={started.fieldErrors}
          required
        />
        <SubmitButton pendingLabel="Preparing…">Set up two-factor authentication</SubmitButton>
      </form>
    );
  }
  return (
    <>
      <div className="panel">
        <h2 style={{ marginTop: 0 }}>1. Scan this code with your authenticator app</h2>
        <div data-testid="totp-qr" dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} style={{ width: 200 }} />
        <p className="hint">Can not scan it? Enter this key in the app instead:</p>
        <p>
          <code data-testid="totp-secret">{enrolment.secret}</code>
        </p>
        <details>
          <summary>Set-up link (otpauth URI)</summary>
          <code data-testid="totp-uri" style={{ overflowWrap: "anywhere" }}>
            {enrolment.totpUri}
          </code>
        </details>
      </div>
      <BackupCodes codes={enrolment.backupCodes} />
      <form action={confirm} noValidate className="panel" aria-label="Confirm two-factor set-up">
        <h2 style={{ marginTop: 0 }}>2. Enter the code the app shows</h2>
        <FormMessage message={confirmed.message} />
        <Field
          name="code"
          label="Authentication code"
          autoComplete="one-time-code"
          inputMode="numeric"
          errors={confirmed.fieldErrors}
          required
        />
        <SubmitButton pendingLabel="Checking…">Turn on two-factor authentication</SubmitButton>
      </form>
    </>
  );
}
