import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulation, loadScenario, takeSnapshot } from '../../../src/engine';
import { ACTION_KINDS } from '../../../src/engine/scenario/actions';
import { buildTree } from '../../../src/extension/explorer/model/tree';
import { nodeId } from '../../../src/extension/explorer/model/ids';
import { load } from '../../helpers/runScenario';
import {
  buildContributions,
  CATEGORY,
  COMMANDS,
  CONTEXT_KEYS,
  commandsFor,
  inlineCommandsFor,
  ITEM_MENUS,
  NODE_MORE_ACTIONS,
  subjectKindOf,
  VIEW_ID,
} from '../../../src/extension/commands/logic/commandTable';
import { evaluateWhen, smallCluster } from './helpers';

interface MenuEntry {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}
interface Pkg {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    submenus: { id: string; label: string }[];
    menus: Record<string, MenuEntry[]>;
  };
}

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Pkg;

/** What each representative item offers in its context menu, in menu order. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'vm;running': ['fcsim.liveMigrate', 'fcsim.quickMigrate', 'fcsim.stopVm', 'fcsim.saveVm', 'fcsim.setWorkload'],
  'vm;running;migrating': ['fcsim.setWorkload'],
  'vm;off': ['fcsim.startVm', 'fcsim.setWorkload'],
  'vm;saved': ['fcsim.startVm', 'fcsim.setWorkload'],
  'vm;saving': ['fcsim.setWorkload'],
  'vm;restoring': ['fcsim.setWorkload'],
  'vm;suspended;migrating': ['fcsim.setWorkload'],
  'vm;failed': ['fcsim.setWorkload'],
  'vm;booting': ['fcsim.setWorkload'],
  'node;up': ['fcsim.drainNode', 'fcsim.crashNode', 'fcsim.stopClusterService'],
  'node;up;stopping': ['fcsim.crashNode'],
  'node;paused': ['fcsim.resumeNode', 'fcsim.crashNode', 'fcsim.stopClusterService'],
  'node;paused;stopping': ['fcsim.resumeNode', 'fcsim.crashNode'],
  'node;down;crashed': ['fcsim.startNode'],
  'node;down;quorumLost': [],
  'node;down;serviceStopped': ['fcsim.crashNode', 'fcsim.startClusterService'],
  'node;joining': ['fcsim.crashNode', 'fcsim.stopClusterService'],
  'network;up;cluster;netft;liveMigration': ['fcsim.failNetwork'],
  'network;up;none': ['fcsim.failNetwork'],
  'network;down;clusterAndClient': ['fcsim.restoreNetwork'],
  'link;up': ['fcsim.disconnect'],
  'link;down': ['fcsim.reconnect'],
  'volume;online': ['fcsim.redirectedAccessOn', 'fcsim.maintenanceOn', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volume;online;redirected': ['fcsim.redirectedAccessOn', 'fcsim.maintenanceOn', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volume;online;redirectedAccess;redirected': ['fcsim.redirectedAccessOff', 'fcsim.maintenanceOn', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volume;online;maintenance': ['fcsim.redirectedAccessOn', 'fcsim.maintenanceOff', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volume;online;maintenance;redirected': ['fcsim.redirectedAccessOn', 'fcsim.maintenanceOff', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volume;online;maintenance;redirectedAccess;redirected': ['fcsim.redirectedAccessOff', 'fcsim.maintenanceOff', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volume;offline': ['fcsim.redirectedAccessOn', 'fcsim.maintenanceOn', 'fcsim.moveCoordinator', 'fcsim.backup', 'fcsim.repairVolume'],
  'volumeAccess;direct;coordinator': [],
  'volumeAccess;redirected': [],
  'disk;online;data': [],
  'disk;online;witness': [],
  'cluster;quorum': [],
  nodesFolder: [],
  vmsFolder: [],
  networksFolder: [],
  volumesFolder: [],
  disksFolder: [],
};

const EXPECTED_INLINE: Readonly<Record<string, readonly string[]>> = {
  'vm;running': ['fcsim.liveMigrate'],
  'vm;off': ['fcsim.startVm'],
  'vm;running;migrating': [],
  'node;up': [],
  'node;paused': ['fcsim.resumeNode'],
  'node;down;crashed': ['fcsim.startNode'],
  'node;down;serviceStopped': [],
  'network;down;cluster': ['fcsim.restoreNetwork'],
  'link;down': ['fcsim.reconnect'],
  'link;up': [],
  'volume;online': [],
};

/**
 * The commands package.json offers on an item, as VS Code would decide it: a submenu's entry
 * shows the submenu's own entries whose clauses hold, in its place.
 */
function packageMenu(contextValue: string, inline: boolean): string[] {
  const context = { view: VIEW_ID, viewItem: contextValue };
  const out: string[] = [];
  for (const e of pkg.contributes.menus['view/item/context']) {
    if ((e.group === 'inline') !== inline || !evaluateWhen(e.when ?? 'true', context)) continue;
    if (e.submenu) {
      const inside = (pkg.contributes.menus[e.submenu] ?? []).filter((x) => evaluateWhen(x.when ?? 'true', context)).map((x) => x.command ?? '');
      assert.ok(inside.length > 0, `${contextValue}: the submenu ${e.submenu} shows but holds nothing`);
      out.push(...inside);
    } else out.push(e.command ?? '');
  }
  return out;
}

/** The submenus package.json shows on an item. */
function packageSubmenus(contextValue: string): string[] {
  const context = { view: VIEW_ID, viewItem: contextValue };
  return pkg.contributes.menus['view/item/context'].filter((e) => e.submenu && evaluateWhen(e.when ?? 'true', context)).map((e) => e.submenu ?? '');
}

function visibleIn(menu: string, context: Record<string, string | boolean>): string[] {
  return pkg.contributes.menus[menu].filter((e) => evaluateWhen(e.when ?? 'true', context)).map((e) => e.command ?? '');
}

describe('commands: what each item offers', () => {
  for (const [cv, commands] of Object.entries(EXPECTED)) {
    it(`${cv} offers ${commands.length ? commands.map((c) => c.replace('fcsim.', '')).join(', ') : 'nothing'}`, () => {
      assert.deepEqual(commandsFor(cv), commands);
    });
  }

  it('shows the most used action of a state as an inline button', () => {
    for (const [cv, commands] of Object.entries(EXPECTED_INLINE)) assert.deepEqual(inlineCommandsFor(cv), commands, cv);
  });

  it('offers every timeline action of docs/scenario-format.md as a command on some item', () => {
    const offered = new Set(ITEM_MENUS.map((e) => e.command));
    const byAction: Record<string, string[]> = {
      maintenance: ['fcsim.maintenanceOn', 'fcsim.maintenanceOff'],
      redirectedAccess: ['fcsim.redirectedAccessOn', 'fcsim.redirectedAccessOff'],
    };
    for (const kind of ACTION_KINDS) {
      for (const command of byAction[kind] ?? [`fcsim.${kind}`]) assert.ok(offered.has(command), `${kind}: ${command}`);
    }
  });

  it('anchors each pattern on the kind, so a token never leaks into another kind', () => {
    assert.deepEqual(commandsFor('volumeAccess;maintenance'), []);
    assert.deepEqual(commandsFor('vmFolder;running'), []);
    assert.deepEqual(commandsFor('linkx;up'), []);
    assert.deepEqual(commandsFor('node;upgraded'), [], 'a token is matched whole');
  });

  it('knows what kind of item each item command acts on', () => {
    assert.equal(subjectKindOf('fcsim.liveMigrate'), 'vm');
    assert.equal(subjectKindOf('fcsim.disconnect'), 'link');
    assert.equal(subjectKindOf('fcsim.backup'), 'volume');
    assert.equal(subjectKindOf('fcsim.run'), null);
  });
});

describe('commands: package.json agrees with the command table', () => {
  it('declares every command with its title, category and icon', () => {
    const declared = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
    for (const spec of COMMANDS) {
      const c = declared.get(spec.id);
      assert.ok(c, `${spec.id} is not in contributes.commands`);
      assert.equal(c.title, spec.title);
      assert.equal(c.category, CATEGORY);
      assert.equal(c.icon, spec.icon ? `$(${spec.icon})` : undefined, spec.id);
    }
  });

  it('only refers to declared commands and submenus in its menus', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    const submenus = new Set(pkg.contributes.submenus.map((m) => m.id));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) {
        if (e.submenu) assert.ok(submenus.has(e.submenu), `${menu}: submenu ${e.submenu}`);
        else assert.ok(declared.has(e.command ?? ''), `${menu}: ${e.command}`);
      }
    }
  });

  it("puts Stop and Start Cluster Service under a node's More Actions, as Failover Cluster Manager does", () => {
    assert.deepEqual(pkg.contributes.submenus.find((m) => m.id === NODE_MORE_ACTIONS.id), { id: NODE_MORE_ACTIONS.id, label: 'More Actions' });
    assert.deepEqual(pkg.contributes.menus[NODE_MORE_ACTIONS.id].map((e) => e.command), ['fcsim.stopClusterService', 'fcsim.startClusterService']);
    assert.deepEqual(packageSubmenus('node;up'), [NODE_MORE_ACTIONS.id]);
    assert.deepEqual(packageSubmenus('node;down;serviceStopped'), [NODE_MORE_ACTIONS.id]);
    // Nothing in it for a node that crashed, lost quorum or is stopping already: no empty submenu.
    for (const cv of ['node;down;crashed', 'node;down;quorumLost', 'node;up;stopping', 'vm;running']) assert.deepEqual(packageSubmenus(cv), [], cv);
  });

  for (const cv of Object.keys(EXPECTED)) {
    it(`offers on ${cv} what the table says (context menu and inline)`, () => {
      assert.deepEqual(packageMenu(cv, false), commandsFor(cv));
      assert.deepEqual(packageMenu(cv, true), inlineCommandsFor(cv));
    });
  }

  it('offers nothing in other views', () => {
    for (const e of pkg.contributes.menus['view/item/context']) {
      assert.equal(evaluateWhen(e.when ?? 'true', { view: 'explorer', viewItem: 'vm;running' }), false, e.command);
    }
  });

  it('holds exactly the entries the table generates (run npm run sync:commands after changing it)', () => {
    const { commands, submenus, menus } = buildContributions();
    const ours = new Set([...COMMANDS.map((c) => c.id), ...submenus.map((m) => (m as { id: string }).id)]);
    assert.deepEqual(pkg.contributes.commands.filter((c) => ours.has(c.command)), commands);
    assert.deepEqual(pkg.contributes.submenus.filter((m) => ours.has(m.id)), submenus);
    for (const [where, entries] of Object.entries(menus)) {
      assert.deepEqual(pkg.contributes.menus[where].filter((e) => ours.has(e.command ?? e.submenu ?? '')), entries, where);
    }
  });

  it("offers on every item of every example, and of a cluster stopping a node's cluster service, exactly what the table says", () => {
    const runs: { label: string; sim: ReturnType<typeof createSimulation>; times: number[] }[] = [];
    const examples = join(__dirname, '..', '..', '..', 'examples');
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.cluster.json'))) {
      const { scenario } = loadScenario(readFileSync(join(examples, file), 'utf8'));
      assert.ok(scenario, file);
      runs.push({ label: file, sim: createSimulation(scenario), times: [0, 200, 400, 800] });
    }
    // HV03 crashes at 5 s, HV01's cluster service stops at 10 s (its VMs are saved and moved, then
    // it leaves): stopping, stopped, crashed and up nodes side by side.
    const stopping = load(
      smallCluster({
        timeline: [
          { at: '5s', do: 'crashNode', node: 'HV03' },
          { at: '10s', do: 'stopClusterService', node: 'HV01' },
        ],
      }),
    );
    runs.push({ label: 'stopping', sim: createSimulation(stopping), times: [20, 100] });
    const seen = new Map<string, string>();
    for (const { label, sim, times } of runs) {
      for (const t of times) {
        sim.runUntil(t);
        const snapshot = takeSnapshot(sim);
        const tree = buildTree(snapshot, sim.scenario);
        for (const item of tree.items.values()) {
          assert.deepEqual(packageMenu(item.contextValue, false), commandsFor(item.contextValue), `${label} at ${t}s: ${item.id} (${item.contextValue})`);
          assert.deepEqual(packageMenu(item.contextValue, true), inlineCommandsFor(item.contextValue), `${label} at ${t}s: ${item.id} inline`);
          if (label === 'stopping' && item.id === nodeId('HV01')) seen.set(`HV01 at ${t}s`, `${item.contextValue} | ${item.description.split(' · ')[0]}`);
        }
      }
    }
    // The stopping node, then stopped: Stop is offered on a node whose service runs, Start once it is stopped.
    assert.deepEqual(Object.fromEntries(seen), {
      'HV01 at 20s': 'node;up;stopping | Up, stopping its cluster service',
      'HV01 at 100s': 'node;down;serviceStopped | Down (cluster service stopped)',
    });
    assert.ok(commandsFor('node;down;serviceStopped').includes('fcsim.startClusterService'));
  });
});

describe('commands: view title and command palette', () => {
  const title = (state: string) => visibleIn('view/title', { view: VIEW_ID, 'fcsim.loaded': state !== 'empty', 'fcsim.state': state });
  const palette = (state: string) => visibleIn('commandPalette', { 'fcsim.loaded': state !== 'empty', 'fcsim.state': state });

  it('offers opening a scenario, and nothing else, before one is loaded', () => {
    assert.deepEqual(title('empty'), ['fcsim.openScenario', 'fcsim.openExample']);
    assert.deepEqual(palette('empty'), ['fcsim.openScenario', 'fcsim.openExample']);
  });

  it('toggles Run and Pause with the state', () => {
    for (const state of ['ready', 'paused', 'ended']) {
      assert.ok(title(state).includes('fcsim.run'), state);
      assert.ok(!title(state).includes('fcsim.pause'), state);
      assert.ok(palette(state).includes('fcsim.run'), state);
      assert.ok(!palette(state).includes('fcsim.pause'), state);
    }
    assert.ok(title('playing').includes('fcsim.pause'));
    assert.ok(!title('playing').includes('fcsim.run'));
    assert.ok(!palette('playing').includes('fcsim.run'));
  });

  it('puts the controls on the view title: run/pause, step, speed, reset as buttons', () => {
    const buttons = pkg.contributes.menus['view/title'].filter((e) => e.group?.startsWith('navigation')).map((e) => e.command);
    assert.deepEqual(buttons, ['fcsim.run', 'fcsim.pause', 'fcsim.step', 'fcsim.setSpeed', 'fcsim.reset']);
    const declared = new Map(pkg.contributes.commands.map((c) => [c.command, c]));
    for (const b of buttons) assert.match(declared.get(b)?.icon ?? '', /^\$\([a-z-]+\)$/, `${b} needs an icon`);
  });

  it('lists every command in the palette once a scenario is loaded', () => {
    const all = COMMANDS.map((c) => c.id).filter((id) => id !== 'fcsim.pause' && id !== 'fcsim.run');
    for (const id of all) assert.ok(palette('paused').includes(id), id);
  });

  it('every context key the extension sets is read by a when clause of package.json', () => {
    const manifest = readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8');
    const whens = [...manifest.matchAll(/"when": "([^"]*)"/g)].map((m) => m[1]).join('\n');
    for (const key of Object.values(CONTEXT_KEYS)) assert.match(whens, new RegExp(`(^|[^\\w.])${key.replace('.', '\\.')}([^\\w.]|$)`, 'm'), key);
  });
});
