/** Backup codes, shown once: each works once when the authenticator app is not at hand. */
export function BackupCodes({ codes }: { codes: string[] }) {
  return (
    <div className="panel">
      <h2 style={{ marginTop: 0 }}>Backup codes</h2>
      <p className="hint">
        Save these now (print them, or keep them in a password manager): they are shown only this once. Each works once.
      </p>
      <ul data-testid="backup-codes" style={{ columns: 2, fontFamily: "ui-monospace, monospace" }}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}
