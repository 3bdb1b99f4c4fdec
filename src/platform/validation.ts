import type { z } from "zod";
import { validationError } from "./errors";

/** Parses input with its zod schema; a failure becomes the one validation error with field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
