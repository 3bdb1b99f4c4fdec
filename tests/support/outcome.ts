import { expect } from "vitest";
import { AppError } from "@/platform/errors";

/** "ok", or the AppError code the call failed with; anything else (a bug) is rethrown. */
export async function outcomeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** The AppError the call must fail with. */
export async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
