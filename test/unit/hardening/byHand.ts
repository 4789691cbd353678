/**
 * Actions taken by hand in the property tests (properties.test.ts), kept apart so that
 * scripts/eventLogHashes.ts draws exactly the same ones.
 */
import fc from 'fast-check';
import { ACTION_KINDS } from '../../../src/engine/scenario/actions';
import type { Action, ActionKind } from '../../../src/engine/scenario/model';
import { presetWorkload } from '../../../src/engine/scenario/workloadPresets';
import type { Json } from './scenarioArbitrary';

/**
 * An action taken by hand, as the extension's commands take them: any action on any name of the
 * cluster, at any moment, including those the loader would refuse in a timeline (a migration to
 * the node the VM is on, maintenance on a classic disk, a link that does not exist).
 */
export const byHandArb = fc.array(
  fc.record({
    dtMs: fc.integer({ min: 0, max: 30_000 }),
    kind: fc.constantFrom(...ACTION_KINDS),
    a: fc.nat(),
    b: fc.nat(),
    on: fc.boolean(),
    seconds: fc.integer({ min: 0, max: 120 }),
  }),
  { maxLength: 20 },
);

export function byHandAction(json: Json, h: { kind: ActionKind; a: number; b: number; on: boolean; seconds: number }): Action {
  const names = (key: string) => (json[key] as Json[]).map((x) => x.name as string);
  const pick = (list: string[], i: number) => list[i % list.length]!;
  const vm = pick(names('vms'), h.a);
  const node = pick(names('nodes'), h.a);
  const to = pick(names('nodes'), h.b);
  const network = pick(names('networks'), h.b);
  const disk = pick(names('disks'), h.a);
  switch (h.kind) {
    case 'liveMigrate':
    case 'quickMigrate':
      return { do: h.kind, vm, to };
    case 'drainNode':
    case 'resumeNode':
    case 'crashNode':
    case 'startNode':
    case 'stopClusterService':
    case 'startClusterService':
      return { do: h.kind, node };
    case 'disconnect':
    case 'reconnect':
      return { do: h.kind, node, network };
    case 'failNetwork':
    case 'restoreNetwork':
      return { do: h.kind, network };
    case 'maintenance':
    case 'redirectedAccess':
      return { do: h.kind, disk, on: h.on };
    case 'moveCoordinator':
      return { do: h.kind, disk, to };
    case 'repairVolume':
      return { do: h.kind, disk, task: h.on ? 'chkdsk' : 'defrag', duration: h.seconds };
    case 'backup':
      return { do: h.kind, disk, duration: h.seconds };
    case 'setWorkload':
      return { do: h.kind, vm, workload: presetWorkload(h.on ? 'web' : 'idle', null) };
    default:
      return { do: h.kind, vm };
  }
}
