import { assertCan, type Action } from "@/platform/permissions";
import { requireTenant, requireUser, type CurrentUser, type RequestTenant } from "@/identity/request-context";
import { APIError } from "better-auth";
import { formStateFromError, formValues, type FormState } from "@/components/forms/form-state";
import { stateFromAuthError, withoutSecrets } from "./auth-form-state";

/**
 * Every server action is made by one of the wrappers below, and says what it needs where it is
 * defined: a permission of the table in the active workspace (`tenantAction`), only a signed-in user
 * (`signedInAction`: creating, switching to or joining a workspace, and the user's own account:
 * password, verification email, two-factor), or nothing (`publicAction`: signing in, up and out, the
 * second sign-in step, forgotten and reset passwords). tests/unit/declared-permissions.test.ts fails
 * for any export of a "use server" module that was not made here.
 */
export type ActionDeclaration = { kind: "tenant"; permission: Action } | { kind: "signed-in" } | { kind: "public" };

const DECLARATION = Symbol.for("workledger.serverAction.declaration");

function declare<F extends object>(fn: F, declaration: ActionDeclaration): F {
  Object.defineProperty(fn, DECLARATION, { value: Object.freeze(declaration), enumerable: false });
  return fn;
}

/** What a server action declared, or undefined when it was not made by one of these wrappers. */
export function actionDeclaration(fn: unknown): ActionDeclaration | undefined {
  if (typeof fn !== "function") return undefined;
  return (fn as unknown as Record<symbol, ActionDeclaration | undefined>)[DECLARATION];
}

/** The submitted fields, to refill the form after an error (never a password or a one-time code). */
function submittedValues(args: readonly unknown[]): Record<string, string> | undefined {
  const formData = args.find((a): a is FormData => a instanceof FormData);
  if (!formData) return undefined;
  return withoutSecrets(formValues(formData));
}

/**
 * How an action shows a Better Auth error, when the default (its one readable message, or its field
 * errors under the request's field names) does not fit the form.
 */
export interface AuthErrorDisplay<S, Args extends unknown[]> {
  /** Better Auth's names of the request's fields → the form's names (its policy hooks name the request's). */
  fields?: Record<string, string>;
  /** Reshapes the mapped state, given the action's arguments (e.g. to keep what the previous state showed). */
  reshape?: (state: FormState, args: Args) => S;
}

/** The mapped error's message under one field (a password or a code that was not right), or `fallback`. */
export function messageUnder(field: string, fallback: string): (state: FormState) => FormState {
  return (state) => ({ fieldErrors: { [field]: [state.message ?? fallback] } });
}

/**
 * The one error mapping of every server action. An expected error becomes form state with the
 * submitted values to refill (never a password or code): an AppError or a known PostgreSQL error
 * (src/platform/errors.ts), a foreign or missing resource being the 404 page; a Better Auth error
 * (its friendly message or field errors, src/app/auth-form-state.ts), reshaped as the action asked.
 * Anything else (a bug, or Next.js's redirect) goes on. Every state type of these actions is FormState
 * plus optional fields (or void for plain form posts, whose result React ignores), so a FormState is one of them.
 */
function errorState<S, Args extends unknown[]>(err: unknown, args: Args, display: AuthErrorDisplay<S, Args> | undefined): S {
  const values = submittedValues(args);
  if (err instanceof APIError) {
    const state = stateFromAuthError(err, values ?? {}, display?.fields);
    return display?.reshape ? display.reshape(state, args) : (state as S);
  }
  return formStateFromError(err, values) as S;
}

/**
 * A server action acting in the active workspace: resolves the tenant (membership and role re-read
 * from the database), checks `permission` before anything else runs, then runs; errors become form state.
 */
export function tenantAction<S extends FormState, Args extends unknown[]>(
  permission: Action,
  run: (tenant: RequestTenant, ...args: Args) => Promise<S>,
  display?: AuthErrorDisplay<NoInfer<S>, Args>,
): (...args: Args) => Promise<S> {
  return declare(
    async (...args: Args): Promise<S> => {
      const tenant = await requireTenant();
      try {
        assertCan(tenant, permission);
        return await run(tenant, ...args);
      } catch (err) {
        return errorState(err, args, display);
      }
    },
    { kind: "tenant", permission },
  );
}

/**
 * A server action that needs a signed-in user but no workspace (create, switch to or join one; the
 * user's own account). It never resolves a workspace, so a workspace that requires two-factor
 * authentication does not stop its members from setting it up here.
 */
export function signedInAction<S extends FormState | void, Args extends unknown[]>(
  run: (user: CurrentUser, ...args: Args) => Promise<S>,
  display?: AuthErrorDisplay<NoInfer<S>, Args>,
): (...args: Args) => Promise<S> {
  return declare(
    async (...args: Args): Promise<S> => {
      const user = await requireUser();
      try {
        return await run(user, ...args);
      } catch (err) {
        return errorState(err, args, display);
      }
    },
    { kind: "signed-in" },
  );
}

/**
 * A server action anyone may call (sign-in, sign-up, sign-out, the two-factor sign-in step, forgotten
 * and reset passwords); its errors become form state like the others'.
 */
export function publicAction<S extends FormState | void, Args extends unknown[]>(
  run: (...args: Args) => Promise<S>,
  display?: AuthErrorDisplay<NoInfer<S>, Args>,
): (...args: Args) => Promise<S> {
  return declare(
    async (...args: Args): Promise<S> => {
      try {
        return await run(...args);
      } catch (err) {
        return errorState(err, args, display);
      }
    },
    { kind: "public" },
  );
}

/**
 * The exports of "use server" modules (file → its exports) that were not made by one of the wrappers
 * above, or that name a permission the table does not have, as "file: export". Empty means every
 * server action declares what it needs.
 */
export function undeclaredActions(modules: Record<string, Record<string, unknown>>, knownPermissions: readonly string[]): string[] {
  const out: string[] = [];
  for (const [file, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports)) {
      const declared = actionDeclaration(value);
      if (!declared || (declared.kind === "tenant" && !knownPermissions.includes(declared.permission))) out.push(`${file}: ${name}`);
    }
  }
  return out;
}
