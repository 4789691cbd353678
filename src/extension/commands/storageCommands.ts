/**
 * Cluster Shared Volume commands: redirected access, maintenance (with a confirmation that names
 * the VMs it takes offline), moving the coordinator, a backup and a
 * repair (chkdsk or defrag), each for a duration typed with the scenario's units.
 */
import * as vscode from 'vscode';
import type { Action } from '../../engine/scenario/model';
import { act, pickOne, registerCommand, resolveSubjects, type CommandDeps } from './commandContext';
import { coordinatorTargets, targetPickItems, type TargetNode } from './logic/eligibleTargets';
import { maintenanceWarning } from './logic/maintenanceWarning';
import { DEFAULT_DURATIONS, durationProblem, parseDuration } from './logic/inputs';
import { REPAIR_TASKS, type RepairTask } from './logic/pickItems';

export function registerStorageCommands(deps: CommandDeps): void {
  for (const [id, on] of [['fcsim.maintenanceOn', true], ['fcsim.maintenanceOff', false]] as const) {
    registerCommand(deps, id, async (...args) => {
      const subjects = await resolveSubjects(deps, id, 'volume', args);
      if (!subjects) return;
      const disks = subjects.targets.map((t) => t.name);
      const warning = on ? maintenanceWarning(subjects.snapshot, deps.session.scenario, disks) : null;
      if (warning !== null) {
        const go = 'Turn On Maintenance';
        if ((await vscode.window.showWarningMessage(warning, { modal: true }, go)) !== go) return;
      }
      act(deps, disks.map((disk): Action => ({ do: 'maintenance', disk, on })));
    });
  }
  for (const [id, on] of [['fcsim.redirectedAccessOn', true], ['fcsim.redirectedAccessOff', false]] as const) {
    registerCommand(deps, id, async (...args) => {
      const subjects = await resolveSubjects(deps, id, 'volume', args);
      if (!subjects) return;
      act(deps, subjects.targets.map((t): Action => ({ do: 'redirectedAccess', disk: t.name, on })));
    });
  }

  registerCommand(deps, 'fcsim.moveCoordinator', async (...args) => {
    const subjects = await resolveSubjects(deps, 'fcsim.moveCoordinator', 'volume', args);
    if (!subjects) return;
    // One coordinator per volume: with several selected, the first one is asked about.
    const disk = subjects.targets[0].name;
    const targets = coordinatorTargets(subjects.snapshot, deps.session.scenario, disk);
    const picked = await pickOne<TargetNode>(targetPickItems(targets), { title: `Move the coordinator of ${disk} to`, placeHolder: 'New coordinator node' });
    if (!picked) return;
    if (!picked.eligible) {
      void vscode.window.showWarningMessage(`${picked.node} cannot coordinate ${disk}: ${picked.detail}.`);
      return;
    }
    act(deps, [{ do: 'moveCoordinator', disk, to: picked.node }]);
  });

  registerCommand(deps, 'fcsim.backup', async (...args) => {
    const subjects = await resolveSubjects(deps, 'fcsim.backup', 'volume', args);
    if (!subjects) return;
    const disks = subjects.targets.map((t) => t.name);
    const duration = await askDuration(`Back up ${disks.join(', ')}: how long the backup runs`, DEFAULT_DURATIONS.backup);
    if (duration === undefined) return;
    act(deps, disks.map((disk): Action => ({ do: 'backup', disk, duration })));
  });

  registerCommand(deps, 'fcsim.repairVolume', async (...args) => {
    const subjects = await resolveSubjects(deps, 'fcsim.repairVolume', 'volume', args);
    if (!subjects) return;
    const disks = subjects.targets.map((t) => t.name);
    const task = await pickOne<RepairTask>(REPAIR_TASKS, { title: `Repair ${disks.join(', ')}`, placeHolder: 'Task' });
    if (!task) return;
    const duration = await askDuration(`${task} on ${disks.join(', ')}: how long it runs`, DEFAULT_DURATIONS[task]);
    if (duration === undefined) return;
    act(deps, disks.map((disk): Action => ({ do: 'repairVolume', disk, task, duration })));
  });
}

/** A duration typed by the user, checked as the scenario would check it; seconds, or undefined when dismissed. */
async function askDuration(prompt: string, value: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: prompt,
    prompt: 'A time with its unit, as in a scenario file: "90s", "2m", "1h"',
    value,
    validateInput: (input) => durationProblem(input) ?? undefined,
  });
  return text === undefined ? undefined : parseDuration(text);
}
