import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_KINDS } from '../../../src/engine/scenario/actions';
import {
  buildContributions,
  CATEGORY,
  COMMANDS,
  CONTEXT_KEYS,
  commandsFor,
  inlineCommandsFor,
  ITEM_MENUS,
  subjectKindOf,
  VIEW_ID,
} from '../../../src/extension/commands/logic/commandTable';
import { evaluateWhen } from './helpers';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
interface Pkg {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
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
  'node;up': ['fcsim.drainNode', 'fcsim.crashNode'],
  'node;paused': ['fcsim.resumeNode', 'fcsim.crashNode'],
  'node;down': ['fcsim.startNode'],
  'node;joining': ['fcsim.crashNode'],
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
  'node;down': ['fcsim.startNode'],
  'network;down;cluster': ['fcsim.restoreNetwork'],
  'link;down': ['fcsim.reconnect'],
  'link;up': [],
  'volume;online': [],
};

/** The commands package.json offers on an item, as VS Code would decide it. */
function packageMenu(contextValue: string, inline: boolean): string[] {
  return pkg.contributes.menus['view/item/context']
    .filter((e) => (e.group === 'inline') === inline)
    .filter((e) => evaluateWhen(e.when ?? 'true', { view: VIEW_ID, viewItem: contextValue }))
    .map((e) => e.command);
}

function visibleIn(menu: string, context: Record<string, string | boolean>): string[] {
  return pkg.contributes.menus[menu].filter((e) => evaluateWhen(e.when ?? 'true', context)).map((e) => e.command);
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

  it('only refers to declared commands in its menus', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) assert.ok(declared.has(e.command), `${menu}: ${e.command}`);
    }
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
    const { commands, menus } = buildContributions();
    const ours = new Set(COMMANDS.map((c) => c.id));
    assert.deepEqual(pkg.contributes.commands.filter((c) => ours.has(c.command)), commands);
    for (const [where, entries] of Object.entries(menus)) {
      assert.deepEqual(pkg.contributes.menus[where].filter((e) => ours.has(e.command)), entries, where);
    }
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
