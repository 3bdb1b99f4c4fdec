import Link from "next/link";

export default function NotFound() {
  return (
    <div className="auth-card">
      <h1>Not found</h1>
      <p>This page does not exist, or it belongs to a workspace you are not in.</p>
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </div>
  );
}
