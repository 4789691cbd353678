/**
 * Virtual machine commands: live and quick migration (context menu, palette, and drag and drop
 * onto a node), power actions and workloads. Each acts on every selected VM.
 */
import * as vscode from 'vscode';
import type { Action } from '../../engine/scenario/model';
import { presetWorkload } from '../../engine/scenario/workloadPresets';
import type { SimulationView } from '../../engine/simulation/simulationView';
import { act, pickOne, registerCommand, resolveSubjects, type CommandDeps } from './commandContext';
import { commandSpec } from './logic/commandTable';
import { eligibleTargets, targetPickItems, type MigrationKind, type TargetNode } from './logic/eligibleTargets';
import { workloadPickItems } from './logic/pickItems';

export function registerVmCommands(deps: CommandDeps): void {
  registerCommand(deps, 'fcsim.liveMigrate', (...args) => migrate(deps, 'live', args));
  registerCommand(deps, 'fcsim.quickMigrate', (...args) => migrate(deps, 'quick', args));
  registerCommand(deps, 'fcsim.startVm', (...args) => power(deps, 'startVm', args));
  registerCommand(deps, 'fcsim.stopVm', (...args) => power(deps, 'stopVm', args));
  registerCommand(deps, 'fcsim.saveVm', (...args) => power(deps, 'saveVm', args));
  registerCommand(deps, 'fcsim.setWorkload', (...args) => setWorkload(deps, args));
}

async function migrate(deps: CommandDeps, kind: MigrationKind, args: readonly unknown[]): Promise<void> {
  const command = kind === 'live' ? 'fcsim.liveMigrate' : 'fcsim.quickMigrate';
  const subjects = await resolveSubjects(deps, command, 'vm', args);
  if (!subjects) return;
  const vmNames = subjects.targets.map((t) => t.name);
  let to = subjects.toNode;
  if (to === null) {
    // The read-only side of the run: asking which nodes would take the VMs changes nothing.
    const view: SimulationView | null = deps.session.sim;
    if (!view) return;
    const targets = eligibleTargets(subjects.snapshot, vmNames, (vm) => view.migrations.preflight(vm, kind));
    const title = `${kind === 'live' ? 'Live' : 'Quick'} migrate ${vmNames.join(', ')} to`;
    const picked = await pickOne<TargetNode>(targetPickItems(targets), { title, placeHolder: 'Target node' });
    if (!picked) return;
    if (!picked.eligible) {
      void vscode.window.showWarningMessage(`${picked.node} cannot take ${vmNames.join(', ')}: ${picked.detail}.`);
      return;
    }
    to = picked.node;
  }
  // Dropping a VM on the node it already runs on moves nothing, and needs no warning.
  const target = to;
  const moving = vmNames.filter((name) => subjects.snapshot.vms.find((v) => v.name === name)?.node !== target);
  act(deps, moving.map((vm): Action => ({ do: kind === 'live' ? 'liveMigrate' : 'quickMigrate', vm, to: target })));
}

async function power(deps: CommandDeps, kind: 'startVm' | 'stopVm' | 'saveVm', args: readonly unknown[]): Promise<void> {
  const subjects = await resolveSubjects(deps, `fcsim.${kind}`, 'vm', args);
  if (!subjects) return;
  act(deps, subjects.targets.map((t): Action => ({ do: kind, vm: t.name })));
}

async function setWorkload(deps: CommandDeps, args: readonly unknown[]): Promise<void> {
  const subjects = await resolveSubjects(deps, 'fcsim.setWorkload', 'vm', args);
  if (!subjects) return;
  const names = subjects.targets.map((t) => t.name);
  // With one VM, its current preset is marked.
  const current = names.length === 1 ? (deps.session.sim?.state.vms.get(names[0])?.workload.preset ?? null) : null;
  const preset = await pickOne(workloadPickItems(current), { title: `${commandSpec('fcsim.setWorkload').title.replace(/\.\.\.$/, '')} of ${names.join(', ')}`, placeHolder: 'Workload preset' });
  if (!preset) return;
  act(
    deps,
    names.map((vm): Action => {
      const memory = subjects.snapshot.vms.find((v) => v.name === vm)?.memory ?? null;
      return { do: 'setWorkload', vm, workload: presetWorkload(preset, memory) };
    }),
  );
}
