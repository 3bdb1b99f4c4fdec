import { notFound } from "next/navigation";
import { toAppError } from "@/platform/errors";

/** Pages render Next's not-found page for a missing or foreign resource, exactly alike. */
export async function notFoundOnMissing<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (toAppError(err)?.code === "not_found") notFound();
    throw err;
  }
}
