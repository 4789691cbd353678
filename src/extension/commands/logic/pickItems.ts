/**
 * The contents of the extension's quick picks, as plain data: the VS Code layer turns each into
 * a QuickPickItem (separator -> QuickPickItemKind.Separator, icon -> ThemeIcon). Built here so
 * the tests can check what a user is offered without VS Code. Free of `vscode`.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { Target, TargetKind } from '../../explorer/target';
import type { ClusterSnapshot } from '../../../engine/snapshot';
import type { WorkloadPreset } from '../../../engine/scenario/model';
import { WORKLOAD_PRESETS, WORKLOAD_PRESET_NAMES } from '../../../engine/scenario/workloadPresets';
import { formatBytes } from '../../../format/quantities';
import type { Speed } from '../../session/simulationSession';
import { SPEEDS } from '../../session/simulationSession';
import { stateTokens, subjectsFor } from './contextValues';
import { isScenarioPath, scenarioBaseName } from '../../scenarioFiles';

export interface PickItem<T = never> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** A codicon id. */
  readonly icon?: string;
  /** A separator line with this label; never picked. */
  readonly separator?: boolean;
  readonly picked?: boolean;
  readonly value?: T;
}

const KIND_ICON: Partial<Record<TargetKind, string>> = {
  vm: 'vm',
  node: 'server',
  network: 'type-hierarchy',
  link: 'plug',
  volume: 'database',
  disk: 'database',
};

/** What the item is now, in words: "running on HV01, 8 GiB", "paused, 3 VMs". */
function describeTarget(target: Target, snapshot: ClusterSnapshot): string {
  const tokens = (stateTokens(target, snapshot) ?? []).filter((t): t is string => typeof t === 'string');
  switch (target.kind) {
    case 'vm': {
      const vm = snapshot.vms.find((v) => v.name === target.name);
      if (!vm) return '';
      const moving = vm.migration ? `, migrating to ${vm.migration.to}` : '';
      return `${vm.status} on ${vm.node}${moving}, ${formatBytes(vm.memory)}`;
    }
    case 'node': {
      const node = snapshot.nodes.find((n) => n.name === target.name);
      if (!node) return '';
      return `${node.status}, ${node.vms.length} VM${node.vms.length === 1 ? '' : 's'}, ${formatBytes(node.memory - node.used)} free`;
    }
    case 'volume': {
      const volume = snapshot.volumes.find((v) => v.disk === target.name);
      if (!volume) return '';
      return `${volume.path}, coordinator ${volume.coordinator}${volume.maintenance ? ', maintenance mode' : ''}`;
    }
    default:
      return tokens.join(', ');
  }
}

/** How a target is named in a pick: "HV03 — iSCSI" for a link, else its name. */
function pickLabel(target: Target): string {
  return target.kind === 'link' ? `${target.node} — ${target.name}` : target.name;
}

/** The items a command invoked from the palette can act on, with their state. */
export function subjectPickItems(command: string, kind: TargetKind, snapshot: ClusterSnapshot): PickItem<Target>[] {
  return subjectsFor(command, kind, snapshot).map((t) => ({
    label: pickLabel(t),
    description: describeTarget(t, snapshot),
    icon: KIND_ICON[t.kind],
    value: t,
  }));
}

/** Why the palette has nothing to offer, e.g. "No virtual machine can be started now." */
export function noSubjectMessage(commandTitle: string, kind: TargetKind): string {
  const noun: Partial<Record<TargetKind, string>> = {
    vm: 'virtual machine',
    node: 'node',
    network: 'network',
    link: 'network link',
    volume: 'Cluster Shared Volume',
  };
  return `"${commandTitle.replace(/\.\.\.$/, '')}": no ${noun[kind] ?? kind} in the cluster is in a state that allows it now.`;
}

export function speedLabel(speed: Speed): string {
  return speed === 'max' ? 'As fast as possible' : `${speed}x`;
}

/** The speeds, the current one marked. */
export function speedPickItems(current: Speed): PickItem<Speed>[] {
  const detail: Record<string, string> = {
    1: 'Real time: one simulated second per second',
    10: 'Ten simulated seconds per second',
    100: 'A hundred simulated seconds per second',
    max: 'No pacing: runs each slice of events as soon as the last one is done',
  };
  return SPEEDS.map((s) => ({
    label: speedLabel(s),
    description: s === current ? 'current' : undefined,
    detail: detail[String(s)],
    icon: s === current ? 'check' : undefined,
    value: s,
  }));
}

/** The workload presets, the VM's current one marked. */
export function workloadPickItems(current: WorkloadPreset | null): PickItem<WorkloadPreset>[] {
  return WORKLOAD_PRESET_NAMES.map((name) => {
    const p = WORKLOAD_PRESETS[name];
    return {
      label: name,
      description: name === current ? 'current' : undefined,
      detail: `memory writes ${formatBytes(p.memoryWrites)}/s into a ${formatBytes(p.workingSet)} working set (hot share ${p.hotShare}), disk I/O ${formatBytes(p.diskIo)}/s`,
      icon: name === current ? 'check' : undefined,
      value: name,
    };
  });
}

export type RepairTask = 'chkdsk' | 'defrag';

export const REPAIR_TASKS: readonly PickItem<RepairTask>[] = [
  { label: 'chkdsk', detail: 'Check the file system for errors (maintenance mode on while it runs)', value: 'chkdsk' },
  { label: 'defrag', detail: 'Defragment the volume (maintenance mode on while it runs)', value: 'defrag' },
];

/** The example scenarios bundled with the extension, each labelled with its scenario name. */
export function examplePickItems(files: readonly { fileName: string; text: string }[]): PickItem<string>[] {
  return files
    .filter((f) => isScenarioPath(f.fileName))
    .map((f) => {
      const json: unknown = parseJsonc(f.text, [], { allowTrailingComma: true });
      const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
      const name = typeof o.name === 'string' && o.name.trim() ? o.name : scenarioBaseName(f.fileName);
      const description = typeof o.description === 'string' ? o.description : undefined;
      return { label: name, description: f.fileName, detail: description, icon: 'file', value: f.fileName };
    })
    .sort((a, b) => a.description.localeCompare(b.description));
}
