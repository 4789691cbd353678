import type { VmRuntime } from '../model/clusterState';
import type { RunContext } from '../model/runContext';
import type { VmLifecycle } from '../model/vmLifecycle';
import type { StorageReach } from '../storage/storageManager';

/** What a running migration (live or quick) is handed by its manager. */
export interface MigrationHost<M> {
  readonly ctx: Pick<RunContext, 'activities' | 'emit' | 'kernel' | 'network' | 'scenario' | 'state'>;
  /** Where a VM's status, memory and outages change. */
  readonly vms: VmLifecycle;
  /** Whether a node still reaches the VM's disk over its own path (a quick migration's save and restore). */
  readonly storage: StorageReach;
  /** Called once, when the migration has completed or failed. */
  finished(migration: M): void;
  /** A group move's VMs are on the target now (its classic disk has changed owner; a CSV: every VM is offline). */
  arrived(migration: M): void;
  /** A group move failed after taking VMs offline because a node went down: these VMs are left saved or off on `node` (MigrationsForHealth.onGroupLeft). */
  groupLeft(vms: readonly VmRuntime[], node: string, reason: string): void;
}
