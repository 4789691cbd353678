/**
 * Registers every command area and the context keys their menus depend on. Which command is
 * offered where is declared in package.json, written from logic/commandTable.ts.
 */
import type * as vscode from 'vscode';
import type { Logger } from '../logger';
import type { SimulationSession } from '../session/simulationSession';
import type { CommandDeps } from './commandContext';
import { registerContextKeys } from './contextKeys';
import { registerNetworkCommands } from './networkCommands';
import { registerNodeCommands } from './nodeCommands';
import { registerSimulationCommands } from './simulationCommands';
import { registerStorageCommands } from './storageCommands';
import { registerVmCommands } from './vmCommands';

export function registerCommands(context: vscode.ExtensionContext, session: SimulationSession, log: Logger): void {
  const deps: CommandDeps = { context, session, log };
  registerContextKeys(context, session);
  registerSimulationCommands(deps);
  registerVmCommands(deps);
  registerNodeCommands(deps);
  registerNetworkCommands(deps);
  registerStorageCommands(deps);
}
