"use client";

import { useActionState } from "react";
import { Field } from "@/components/field";
import { SubmitButton } from "@/components/submit-button";
import type { FormState } from "@/components/forms/form-state";
import { disableTwoFactorAction, regenerateBackupCodesAction, type BackupCodesState } from "../actions";
import { BackupCodes } from "./backup-codes";

export function ManageTwoFactor() {
  const [codes, regenerate] = useActionState<BackupCodesState, FormData>(regenerateBackupCodesAction, {});
  const [off, disable] = useActionState<FormState, FormData>(disableTwoFactorAction, {});
  return (
    <>
      <div className="notice" role="status" data-testid="two-factor-on">
        Two-factor authentication is on.
      </div>
      <h2>New backup codes</h2>
      {codes.backupCodes ? (
        <BackupCodes codes={codes.backupCodes} />
      ) : (
        <form action={regenerate} noValidate className="panel" aria-label="New backup codes">
          <p className="hint">Your old backup codes stop working.</p>
          <Field
            name="password"
            label="Your password"
            type="password"
            autoComplete="current-password"
            errors={codes.fieldErrors}
            required
          />
          <SubmitButton className="secondary">Make new backup codes</SubmitButton>
        </form>
      )}
      <h2>Turn off</h2>
      <form action={disable} noValidate className="panel" aria-label="Turn off two-factor authentication">
        <p className="hint">Workspaces that require two-factor authentication will not let you in without it.</p>
        <Field name="password" label="Your password" type="password" autoComplete="current-password" errors={off.fieldErrors} required />
        <SubmitButton className="danger">Turn off two-factor authentication</SubmitButton>
      </form>
    </>
  );
}
