-- A draft or a void invoice owes nothing. Rows written before this rule kept their total as the balance:
-- set it to 0, one workspace at a time, so the forced row-level security policy lets the update see the
-- rows whatever role runs the migrations.
DO $$
DECLARE
  w record;
BEGIN
  FOR w IN SELECT id FROM workspaces LOOP
    PERFORM set_config('app.workspace_id', w.id, true);
    UPDATE invoices SET balance_due_minor = 0 WHERE workspace_id = w.id AND status IN ('draft', 'void') AND balance_due_minor <> 0;
  END LOOP;
  PERFORM set_config('app.workspace_id', '', true);
END
$$;
--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_nothing_owed_unless_sent" CHECK ("invoices"."status" not in ('draft', 'void') or "invoices"."balance_due_minor" = 0);
