/**
 * Counts the things the timeline started that are still going (a migration, a backup, a VM
 * booting). A run without a fixed duration ends when the timeline is done and none are left;
 * periodic events such as heartbeats never keep it alive on their own.
 */
export class Activities {
  private readonly open = new Map<number, string>();
  private next = 0;

  begin(label: string): () => void {
    const id = this.next++;
    this.open.set(id, label);
    return () => {
      this.open.delete(id);
    };
  }

  get count(): number {
    return this.open.size;
  }

  /** What is still running, for the report when a run is cut short. */
  labels(): string[] {
    return [...this.open.values()];
  }
}
