/**
 * Every command of the extension and where it is offered, as one table: the titles and icons
 * `contributes.commands` declares, the `view/item/context` entries (one regular expression over
 * the item's contextValue each, some inside a submenu such as a node's More Actions), the
 * view-title buttons and the command palette's conditions.
 *
 * package.json is written from this table (scripts/syncCommandContributions.ts (npm run sync:commands)) and a unit test
 * evaluates package.json's `when` clauses against representative contextValues, so the menus a
 * user sees and `commandsFor` (what the tests and the palette pickers use) cannot drift apart.
 * Free of `vscode`.
 */
import type { TargetKind } from '../../explorer/target';

export const VIEW_ID = 'fcsim.clusterExplorer';
export const CATEGORY = 'Failover Cluster';

/** Context keys the commands set (see contextKeys.ts), for menus, viewsWelcome and enablement. */
export const CONTEXT_KEYS = {
  /** True once a scenario is loaded. */
  loaded: 'fcsim.loaded',
  /** The session state: 'empty' | 'ready' | 'playing' | 'paused' | 'ended'. */
  state: 'fcsim.state',
} as const;

type CommandArea = 'simulation' | 'vm' | 'node' | 'network' | 'storage' | 'dashboard';

interface CommandSpec {
  readonly id: string;
  readonly title: string;
  readonly area: CommandArea;
  /** A codicon id, for view-title and inline buttons. */
  readonly icon?: string;
  /** When the command shows in the command palette; false hides it there. */
  readonly palette: string | false;
  readonly enablement?: string;
}

const LOADED = CONTEXT_KEYS.loaded;

export const COMMANDS: readonly CommandSpec[] = [
  // simulation controls
  { id: 'fcsim.openScenario', title: 'Open Scenario...', area: 'simulation', icon: 'folder-opened', palette: 'true' },
  { id: 'fcsim.openExample', title: 'Open Example Scenario...', area: 'simulation', icon: 'book', palette: 'true' },
  { id: 'fcsim.run', title: 'Run', area: 'simulation', icon: 'play', palette: `${LOADED} && fcsim.state != playing` },
  { id: 'fcsim.pause', title: 'Pause', area: 'simulation', icon: 'debug-pause', palette: 'fcsim.state == playing' },
  { id: 'fcsim.step', title: 'Step to Next Event', area: 'simulation', icon: 'debug-step-over', palette: LOADED },
  { id: 'fcsim.setSpeed', title: 'Set Speed...', area: 'simulation', icon: 'dashboard', palette: LOADED },
  { id: 'fcsim.runToEnd', title: 'Run to End', area: 'simulation', icon: 'run-all', palette: LOADED },
  { id: 'fcsim.reset', title: 'Reset', area: 'simulation', icon: 'debug-restart', palette: LOADED },
  { id: 'fcsim.saveAsScenario', title: 'Save as Scenario...', area: 'simulation', icon: 'save-as', palette: LOADED },
  // virtual machines
  { id: 'fcsim.liveMigrate', title: 'Live Migrate to...', area: 'vm', icon: 'arrow-swap', palette: LOADED },
  { id: 'fcsim.quickMigrate', title: 'Quick Migrate to...', area: 'vm', palette: LOADED },
  { id: 'fcsim.startVm', title: 'Start Virtual Machine', area: 'vm', icon: 'play', palette: LOADED },
  { id: 'fcsim.stopVm', title: 'Turn Off Virtual Machine', area: 'vm', palette: LOADED },
  { id: 'fcsim.saveVm', title: 'Save Virtual Machine', area: 'vm', palette: LOADED },
  { id: 'fcsim.setWorkload', title: 'Set Workload...', area: 'vm', palette: LOADED },
  // nodes
  { id: 'fcsim.drainNode', title: 'Pause Node and Drain Its VMs', area: 'node', palette: LOADED },
  { id: 'fcsim.resumeNode', title: 'Resume Node', area: 'node', icon: 'debug-continue', palette: LOADED },
  { id: 'fcsim.crashNode', title: 'Crash Node', area: 'node', palette: LOADED },
  { id: 'fcsim.startNode', title: 'Start Node', area: 'node', icon: 'play', palette: LOADED },
  { id: 'fcsim.stopClusterService', title: 'Stop Cluster Service', area: 'node', palette: LOADED },
  { id: 'fcsim.startClusterService', title: 'Start Cluster Service', area: 'node', palette: LOADED },
  // networks
  { id: 'fcsim.disconnect', title: 'Disconnect Link (Pull the Cable)', area: 'network', icon: 'debug-disconnect', palette: LOADED },
  { id: 'fcsim.reconnect', title: 'Reconnect Link', area: 'network', icon: 'plug', palette: LOADED },
  { id: 'fcsim.failNetwork', title: 'Fail Network (Switch Down)', area: 'network', palette: LOADED },
  { id: 'fcsim.restoreNetwork', title: 'Restore Network', area: 'network', icon: 'plug', palette: LOADED },
  // Cluster Shared Volumes
  { id: 'fcsim.redirectedAccessOn', title: 'Turn On Redirected Access', area: 'storage', palette: LOADED },
  { id: 'fcsim.redirectedAccessOff', title: 'Turn Off Redirected Access', area: 'storage', palette: LOADED },
  { id: 'fcsim.maintenanceOn', title: 'Turn On Maintenance', area: 'storage', palette: LOADED },
  { id: 'fcsim.maintenanceOff', title: 'Turn Off Maintenance', area: 'storage', palette: LOADED },
  { id: 'fcsim.moveCoordinator', title: 'Move Coordinator to...', area: 'storage', palette: LOADED },
  { id: 'fcsim.backup', title: 'Back Up Volume...', area: 'storage', palette: LOADED },
  { id: 'fcsim.repairVolume', title: 'Repair Volume (chkdsk/defrag)...', area: 'storage', palette: LOADED },
  // the dashboard (registered by src/extension/dashboard/registerDashboard.ts)
  { id: 'fcsim.openDashboard', title: 'Open Dashboard', area: 'dashboard', icon: 'dashboard', palette: LOADED },
];

export function commandSpec(id: string): CommandSpec {
  const spec = COMMANDS.find((c) => c.id === id);
  if (!spec) throw new Error(`unknown command ${id}`);
  return spec;
}

/**
 * A submenu of an item's context menu, as Failover Cluster Manager groups a node's less common
 * actions under "More Actions" (package.json `submenus`, and a `view/item/context` entry naming
 * it; its own entries are listed under its id in `menus`).
 */
interface Submenu {
  readonly id: string;
  readonly label: string;
  /** Where the submenu sits in the item's context menu. */
  readonly group: string;
}

/** A node's More Actions: Stop Cluster Service, Start Cluster Service. */
export const NODE_MORE_ACTIONS: Submenu = { id: 'fcsim.node.moreActions', label: 'More Actions', group: '3_more@1' };

const SUBMENUS: readonly Submenu[] = [NODE_MORE_ACTIONS];

/**
 * A context-menu entry of the Cluster Explorer: offered on items whose contextValue matches
 * `match`. contextValue = kind, then state tokens separated by ';' (target.ts), so each pattern
 * anchors the kind and looks for a token anywhere after it: a new token never breaks a menu.
 */
interface ItemMenuEntry {
  readonly command: string;
  readonly kind: TargetKind;
  readonly match: RegExp;
  /** Its group in the context menu, or in its submenu. */
  readonly group: string;
  /** Also shown as an icon on the item's row. */
  readonly inline?: boolean;
  /** Shown inside this submenu of the context menu rather than at its top level. */
  readonly submenu?: Submenu;
}

/** `kind` with the token somewhere in its state tokens. */
const withToken = (kind: TargetKind, token: string): RegExp => new RegExp(`^${kind};(.*;)?${token}(;|$)`);
/** `kind` with the token, and without `absent`. */
const withTokenWithout = (kind: TargetKind, token: string, absent: string): RegExp =>
  new RegExp(`^${kind}(?!(;.*)?;${absent}(;|$));(.*;)?${token}(;|$)`);
/** Any item of `kind`, whatever its state. */
const anyOf = (kind: TargetKind): RegExp => new RegExp(`^${kind}(;|$)`);
/** An item of `kind` without the token. */
const without = (kind: TargetKind, absent: string): RegExp => new RegExp(`^${kind}(?!(;.*)?;${absent}(;|$))(;|$)`);

const RUNNING_VM = withTokenWithout('vm', 'running', 'migrating');

export const ITEM_MENUS: readonly ItemMenuEntry[] = [
  // A VM: migrate it while it runs, power actions by state, a workload always.
  { command: 'fcsim.liveMigrate', kind: 'vm', match: RUNNING_VM, group: '1_migrate@1', inline: true },
  { command: 'fcsim.quickMigrate', kind: 'vm', match: RUNNING_VM, group: '1_migrate@2' },
  { command: 'fcsim.startVm', kind: 'vm', match: new RegExp('^vm;(.*;)?(off|saved)(;|$)'), group: '2_power@1', inline: true },
  { command: 'fcsim.stopVm', kind: 'vm', match: RUNNING_VM, group: '2_power@2' },
  { command: 'fcsim.saveVm', kind: 'vm', match: RUNNING_VM, group: '2_power@3' },
  { command: 'fcsim.setWorkload', kind: 'vm', match: anyOf('vm'), group: '3_workload@1' },
  // A node: pause/drain or resume, crash or start (a crashed node: a node down for lack of quorum
  // rejoins by itself, one whose cluster service was stopped waits for Start Cluster Service).
  { command: 'fcsim.drainNode', kind: 'node', match: withTokenWithout('node', 'up', 'stopping'), group: '1_state@1' },
  { command: 'fcsim.resumeNode', kind: 'node', match: withToken('node', 'paused'), group: '1_state@2', inline: true },
  // The computer of a node whose cluster service is stopped still runs, and can crash.
  { command: 'fcsim.crashNode', kind: 'node', match: new RegExp('^node;(.*;)?(up|paused|joining|serviceStopped)(;|$)'), group: '2_failure@1' },
  { command: 'fcsim.startNode', kind: 'node', match: withToken('node', 'crashed'), group: '2_failure@2', inline: true },
  // More Actions: the cluster service of a node that runs it (and is not already stopping it), or of one where it was stopped.
  {
    command: 'fcsim.stopClusterService',
    kind: 'node',
    match: new RegExp('^node(?!(;.*)?;stopping(;|$));(.*;)?(up|paused|joining)(;|$)'),
    group: '1_service@1',
    submenu: NODE_MORE_ACTIONS,
  },
  { command: 'fcsim.startClusterService', kind: 'node', match: withToken('node', 'serviceStopped'), group: '1_service@2', submenu: NODE_MORE_ACTIONS },
  // A network, and one node's link to it.
  { command: 'fcsim.failNetwork', kind: 'network', match: withToken('network', 'up'), group: '1_state@1' },
  { command: 'fcsim.restoreNetwork', kind: 'network', match: withToken('network', 'down'), group: '1_state@2', inline: true },
  { command: 'fcsim.disconnect', kind: 'link', match: withToken('link', 'up'), group: '1_state@1' },
  { command: 'fcsim.reconnect', kind: 'link', match: withToken('link', 'down'), group: '1_state@2', inline: true },
  // A Cluster Shared Volume.
  // Redirected access (the VMs keep running) and maintenance (the VMs go offline) are two modes.
  { command: 'fcsim.redirectedAccessOn', kind: 'volume', match: without('volume', 'redirectedAccess'), group: '1_maintenance@1' },
  { command: 'fcsim.redirectedAccessOff', kind: 'volume', match: withToken('volume', 'redirectedAccess'), group: '1_maintenance@2' },
  { command: 'fcsim.maintenanceOn', kind: 'volume', match: without('volume', 'maintenance'), group: '1_maintenance@3' },
  { command: 'fcsim.maintenanceOff', kind: 'volume', match: withToken('volume', 'maintenance'), group: '1_maintenance@4' },
  { command: 'fcsim.moveCoordinator', kind: 'volume', match: anyOf('volume'), group: '2_coordinator@1' },
  { command: 'fcsim.backup', kind: 'volume', match: anyOf('volume'), group: '3_tasks@1' },
  { command: 'fcsim.repairVolume', kind: 'volume', match: anyOf('volume'), group: '3_tasks@2' },
];

/** The commands an item with this contextValue offers in its context menu, in menu order. */
export function commandsFor(contextValue: string): string[] {
  return ITEM_MENUS.filter((e) => e.match.test(contextValue)).map((e) => e.command);
}

/** The commands shown as icons on the item's row. */
export function inlineCommandsFor(contextValue: string): string[] {
  return ITEM_MENUS.filter((e) => e.inline && e.match.test(contextValue)).map((e) => e.command);
}

/** The kind of tree item a command acts on, or null for the simulation controls. */
export function subjectKindOf(command: string): TargetKind | null {
  return ITEM_MENUS.find((e) => e.command === command)?.kind ?? null;
}

interface MenuEntry {
  readonly command: string;
  readonly when: string;
  readonly group?: string;
}

const inView = `view == ${VIEW_ID}`;

/** Buttons and overflow entries of the Cluster Explorer's title bar. */
const VIEW_TITLE_MENUS: readonly MenuEntry[] = [
  { command: 'fcsim.run', when: `${inView} && ${LOADED} && fcsim.state != playing`, group: 'navigation@1' },
  { command: 'fcsim.pause', when: `${inView} && fcsim.state == playing`, group: 'navigation@1' },
  { command: 'fcsim.step', when: `${inView} && ${LOADED}`, group: 'navigation@2' },
  { command: 'fcsim.setSpeed', when: `${inView} && ${LOADED}`, group: 'navigation@3' },
  { command: 'fcsim.reset', when: `${inView} && ${LOADED}`, group: 'navigation@4' },
  { command: 'fcsim.openDashboard', when: `${inView} && ${LOADED}`, group: '0_dashboard@1' },
  { command: 'fcsim.runToEnd', when: `${inView} && ${LOADED}`, group: '1_run@1' },
  { command: 'fcsim.openScenario', when: inView, group: '2_scenario@1' },
  { command: 'fcsim.openExample', when: inView, group: '2_scenario@2' },
  { command: 'fcsim.saveAsScenario', when: `${inView} && ${LOADED}`, group: '2_scenario@3' },
];

/** Open a scenario file from the Explorer's and the editor tab's context menus. */
const SCENARIO_FILE = 'resourceFilename =~ /\\.cluster\\.json$/';
const FILE_MENUS: Readonly<Record<'explorer/context' | 'editor/title/context', readonly MenuEntry[]>> = {
  'explorer/context': [{ command: 'fcsim.openScenario', when: SCENARIO_FILE, group: 'navigation@90' }],
  'editor/title/context': [{ command: 'fcsim.openScenario', when: SCENARIO_FILE, group: '1_fcsim@1' }],
};

/** The `when` clause written to package.json for a context-menu entry. */
function itemWhen(entry: ItemMenuEntry): string {
  return `${inView} && viewItem =~ ${entry.match.toString()}`;
}

/**
 * The `when` clause of a submenu's entry in the context menu: on an item where one of its
 * entries is offered (one regular expression, the alternation of theirs).
 */
function submenuWhen(submenu: Submenu): string {
  const sources = ITEM_MENUS.filter((e) => e.submenu === submenu).map((e) => `(?:${e.match.source})`);
  return `${inView} && viewItem =~ /${sources.join('|')}/`;
}

/** A submenu's entry in a menu: it names the submenu instead of a command. */
interface SubmenuEntry {
  readonly submenu: string;
  readonly when: string;
  readonly group: string;
}

/** `contributes.commands`, `contributes.submenus` and `contributes.menus` as package.json holds them. */
export function buildContributions(): { commands: unknown[]; submenus: unknown[]; menus: Record<string, unknown[]> } {
  const commands = COMMANDS.map((c) => ({
    command: c.id,
    title: c.title,
    category: CATEGORY,
    ...(c.icon ? { icon: `$(${c.icon})` } : {}),
    ...(c.enablement ? { enablement: c.enablement } : {}),
  }));
  const itemContext: (MenuEntry | SubmenuEntry)[] = [];
  const inSubmenu = new Map<string, MenuEntry[]>(SUBMENUS.map((m) => [m.id, []]));
  for (const e of ITEM_MENUS) {
    if (e.submenu) {
      // The submenu takes the place of its first entry.
      const entries = inSubmenu.get(e.submenu.id) as MenuEntry[];
      if (entries.length === 0) itemContext.push({ submenu: e.submenu.id, when: submenuWhen(e.submenu), group: e.submenu.group });
      entries.push({ command: e.command, when: itemWhen(e), group: e.group });
      continue;
    }
    itemContext.push({ command: e.command, when: itemWhen(e), group: e.group });
  }
  for (const e of ITEM_MENUS.filter((x) => x.inline)) {
    itemContext.push({ command: e.command, when: itemWhen(e), group: 'inline' });
  }
  const palette = COMMANDS.map((c) => ({ command: c.id, when: c.palette === false ? 'false' : c.palette }));
  return {
    commands,
    submenus: SUBMENUS.map((m) => ({ id: m.id, label: m.label })),
    menus: {
      commandPalette: palette,
      'view/title': [...VIEW_TITLE_MENUS],
      'view/item/context': itemContext,
      ...Object.fromEntries(inSubmenu),
      'explorer/context': [...FILE_MENUS['explorer/context']],
      'editor/title/context': [...FILE_MENUS['editor/title/context']],
    },
  };
}
