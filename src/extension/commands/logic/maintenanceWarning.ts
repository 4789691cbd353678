/**
 * What "Turn On Maintenance" asks before it acts: in 2008 R2, maintenance of a Cluster Shared
 * Volume takes the VMs on it offline (their offline action), unlike redirected access. Free of `vscode`.
 */
import type { ClusterSnapshot } from '../../../engine/snapshot';
import type { Scenario } from '../../../engine/scenario/model';

const ACTION_WORDS = { save: 'saved', shutdown: 'shut down', turnOff: 'turned off' } as const;

/**
 * The confirmation for turning maintenance on for `disks`: which running VMs go offline and how,
 * or null when none would (nothing to confirm).
 */
export function maintenanceWarning(snapshot: ClusterSnapshot, scenario: Pick<Scenario, 'vms'> | null, disks: readonly string[]): string | null {
  const actions = new Map((scenario?.vms ?? []).map((v) => [v.name, v.offlineAction]));
  const going = snapshot.vms.filter((v) => disks.includes(v.disk) && v.status === 'running');
  if (going.length === 0) return null;
  const list = going.map((v) => `${v.name} (${ACTION_WORDS[actions.get(v.name) ?? 'save']})`).join(', ');
  const which = disks.length === 1 ? disks[0] : disks.join(', ');
  return `Maintenance takes the VMs on ${which} offline until it is turned off: ${list}. Their clients lose service. (Redirected access keeps them running.)`;
}
