import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "@/platform/password-policy";
import { displayText, workspaceNameSchema } from "./workspaces.schemas";

/*
 * Sign-up and sign-in input. Kept apart from workspaces.schemas.ts, which client components reach
 * (through the clients, tax-rate and invoice-settings schemas): the password policy's estimator and
 * its dictionaries are server-only and must not be bundled into those pages.
 */
const emailSchema = z.email("Enter a valid email address").max(254, "Email must be at most 254 characters");

/** A new password: long enough, and not guessable (src/platform/password-policy.ts) for this person. */
export const newPasswordSchema = z
  .string({ error: "Password is required" })
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Adds the strength check, told the person's name and email, to a form that carries both. */
function withPasswordPolicy<T extends { name: string; email: string; password: string }>(schema: z.ZodType<T>) {
  return schema.superRefine((v, ctx) => {
    // A length outside the bounds is already reported by the field's own check.
    if (v.password.length < MIN_PASSWORD_LENGTH || v.password.length > MAX_PASSWORD_LENGTH) return;
    const problem = passwordProblem(v.password, { email: v.email, name: v.name });
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
}

const signUpFields = z.object({
  name: displayText("Name", 100),
  email: emailSchema,
  password: newPasswordSchema,
  workspaceName: workspaceNameSchema,
});

export const signUpInput = withPasswordPolicy(signUpFields);

/** Signing up from an invitation link: no workspace of one's own; the invitation brings one. */
export const signUpWithInvitationInput = withPasswordPolicy(
  signUpFields.omit({ workspaceName: true }).extend({
    invitationToken: z.string().min(1).max(200),
  }),
);
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, "Password is required").max(128),
});
