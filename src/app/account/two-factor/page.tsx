import { requireUser } from "@/identity/request-context";
import { EnrolTwoFactor } from "./enrol-two-factor";
import { ManageTwoFactor } from "./manage-two-factor";

export const metadata = { title: "Two-factor authentication" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TwoFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const required = (await searchParams).required === "1";
  return (
    <>
      <h1>Two-factor authentication</h1>
      {required && !user.twoFactorEnabled ? (
        <div className="alert" role="alert" data-testid="two-factor-required">
          Your workspace requires two-factor authentication. Set it up below to continue to the workspace.
        </div>
      ) : null}
      <p>
        With two-factor authentication on, signing in needs your password and a code from an authenticator app on your phone (or one of your
        backup codes).
      </p>
      {user.twoFactorEnabled ? <ManageTwoFactor /> : <EnrolTwoFactor />}
    </>
  );
}
