/**
 * Who may write to the database now. The core has one connection for calls and, for a spreadsheet
 * import, a second one whose transaction stays open across event-loop turns (so reads keep being
 * answered and a cancel call can arrive between chunks); in the app that connection lives in the
 * import's own thread (import-runner.ts). While that transaction is open, SQLite's write lock
 * belongs to the import connection: a write on the call connection would wait in busy_timeout
 * (on this very thread, the import could not even progress) and then fail. So writes
 * take a shared hold here and a bulk write takes the exclusive hold: calls that write (and audit
 * records) wait until the import commits or rolls back, and the import waits for writes in flight.
 * Reads take nothing: on the call connection they see the last committed state (WAL), never the
 * import's rows before its commit.
 */
export class WriteGate {
  private shared = 0;
  /** Set while a bulk write holds (or waits for) the database; new shared holders queue behind it. */
  private exclusive: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  /** Waits until no bulk write holds the database, then holds it shared; call the result to release. */
  async acquireShared(): Promise<() => void> {
    while (this.exclusive) await this.exclusive;
    this.shared++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.shared--;
      if (this.shared === 0) this.drained?.();
    };
  }

  /** Runs `work` as the only writer: after writes in flight end, before any that arrive meanwhile. */
  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    let release!: () => void;
    this.exclusive = new Promise<void>((resolve) => (release = resolve));
    try {
      if (this.shared > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      return await work();
    } finally {
      this.exclusive = null;
      release();
    }
  }

  /** True while a bulk write holds or waits for the database. */
  get held(): boolean {
    return this.exclusive !== null;
  }
}
