import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/identity/request-context";
import styles from "./landing.module.css";

export const dynamic = "force-dynamic";

export const metadata = { title: { absolute: "Workledger — invoicing for freelancers and agencies" } };

const FEATURES: { title: string; text: string }[] = [
  { title: "Invoices that add up", text: "Lines, taxes and discounts in exact money, numbered when sent, PDF and a link to share." },
  { title: "Know who owes what", text: "Payments, balances and overdue invoices per currency, with payment reminders by email." },
  { title: "Clients and teams", text: "Workspaces for each business, with owners, admins and members, and an audit log of every change." },
  { title: "Yours to run", text: "Open source and self-hosted, with a REST API for everything the app does." },
];

/** The front door: what Workledger is, for visitors; people who are signed in go straight to their dashboard. */
export default async function Home() {
  if (await getCurrentUser()) redirect("/dashboard");
  return (
    <main className={styles.landing}>
      <header className={styles.top}>
        <span className={styles.brand}>Workledger</span>
        <nav aria-label="Account">
          <Link href="/sign-in">Sign in</Link>
        </nav>
      </header>
      <section className={styles.hero} aria-labelledby="landing-title">
        <h1 id="landing-title">Invoicing for freelancers and agencies</h1>
        <p>
          Keep your clients, invoices, payments and team in one place. Send invoices, see what is owed and get paid — in every currency you
          work in.
        </p>
        <div className={styles.actions}>
          <Link href="/sign-up" className="button">
            Sign up — it&apos;s free
          </Link>
          <Link href="/sign-in" className="button secondary">
            Sign in
          </Link>
        </div>
      </section>
      <ul className={styles.features}>
        {FEATURES.map((f) => (
          <li key={f.title}>
            <h2>{f.title}</h2>
            <p>{f.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
