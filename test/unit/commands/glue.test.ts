/* eslint-disable @typescript-eslint/no-require-imports */
// The VS Code glue of the commands, run against a fake `vscode` (fakeVscode.ts): what is
// registered, what the quick picks hold, what reaches the session, what the user is told.
import { strict as assert } from 'node:assert';
import { fake, installFakeVscode, Uri, window, workspace, type QuickPickCall } from './fakeVscode';
import { COMMANDS } from '../../../src/extension/commands/logic/commandTable';
import { SimulationSession } from '../../../src/extension/session/simulationSession';
import { FakeTimers, drive, flush } from '../session/fakeTimers';
import { smallCluster } from './helpers';

installFakeVscode();
const { registerCommands } = require('../../../src/extension/commands/registerCommands') as typeof import('../../../src/extension/commands/registerCommands');
const { registerStatusBar } = require('../../../src/extension/statusBar') as typeof import('../../../src/extension/statusBar');
const { createLogger } = require('../../../src/extension/logger') as typeof import('../../../src/extension/logger');

type Items = QuickPickCall['items'];
const byLabel = (label: string) => (items: Items) => items.find((i) => i.label === label);

describe('commands: the VS Code glue (fake vscode)', () => {
  let session: SimulationSession;
  let timers: FakeTimers;
  const run = async (command: string, ...args: unknown[]) => {
    const handler = fake.commands.get(command);
    assert.ok(handler, `${command} is registered`);
    const result = await handler(...args);
    await flush();
    return result;
  };

  beforeEach(() => {
    fake.reset();
    timers = new FakeTimers();
    session = new SimulationSession(timers);
    const context = { subscriptions: [] as { dispose(): void }[], extensionUri: Uri.file('/ext') };
    const log = createLogger(context as never);
    registerCommands(context as never, session, log);
    registerStatusBar(context as never, session);
  });

  afterEach(() => session.dispose());

  const load = (overrides = {}) => assert.ok(session.load(JSON.stringify(smallCluster(overrides), null, 2), '/work/lab.cluster.json').ok);

  it('registers every command of the table, and no other', () => {
    // The dashboard's commands are registered with the dashboard (registerDashboard).
    assert.deepEqual([...fake.commands.keys()].sort(), COMMANDS.filter((c) => c.area !== 'dashboard').map((c) => c.id).sort());
  });

  it('sets the context keys and the status bar from the session', async () => {
    assert.equal(fake.context.get('fcsim.loaded'), false);
    assert.equal(fake.context.get('fcsim.state'), 'empty');
    const item = fake.statusItems[0];
    assert.equal(item.visible, false);
    load({ duration: '10m' });
    assert.equal(fake.context.get('fcsim.loaded'), true);
    assert.equal(fake.context.get('fcsim.state'), 'ready');
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(server-process) 00:00:00 · ready');
    assert.equal(item.command, 'fcsim.run');
    await run('fcsim.run');
    timers.advance(1000);
    assert.equal(fake.context.get('fcsim.state'), 'playing');
    assert.equal(item.text, '$(server-process) 00:00:10 · playing 10x');
    assert.equal(item.command, 'fcsim.pause');
    await run('fcsim.pause');
    assert.equal(fake.context.get('fcsim.state'), 'paused');
  });

  it('asks to open a scenario when a command needs one', async () => {
    await run('fcsim.liveMigrate');
    assert.deepEqual(fake.messages, [{ level: 'info', text: 'Open a cluster scenario first.' }]);
    assert.equal(fake.quickPicks.length, 0);
  });

  it('live-migrates from the palette: a VM, then a node among the eligible ones', async () => {
    load();
    fake.pickAnswers.push(byLabel('SQL01'), byLabel('HV02'));
    await run('fcsim.liveMigrate');
    assert.deepEqual(fake.quickPicks[0].items.map((i) => i.label), ['SQL01', 'WEB01', 'FS01', 'BIG01']);
    assert.deepEqual(
      fake.quickPicks[1].items.map((i) => [i.label, i.description, i.kind]),
      [
        ['HV02', '14 GiB free of 16 GiB, over Live Migration', undefined],
        ['Not available', undefined, -1],
        ['HV01', 'SQL01 already runs on HV01', undefined],
        ['HV03', 'Target node HV03 has 6 GiB free, SQL01 needs 8 GiB', undefined],
      ],
    );
    assert.deepEqual(session.recordedActions.map((r) => r.action), [{ do: 'liveMigrate', vm: 'SQL01', to: 'HV02' }]);
    assert.deepEqual(fake.statusMessages, ['$(check) Live migration of SQL01 to HV02 requested']);
  });

  it('explains an ineligible node instead of acting', async () => {
    load();
    fake.pickAnswers.push(byLabel('HV03'));
    await run('fcsim.quickMigrate', { target: { kind: 'vm', name: 'SQL01' } });
    assert.deepEqual(fake.messages, [{ level: 'warning', text: 'HV03 cannot take SQL01: Target node HV03 has 6 GiB free, SQL01 needs 8 GiB.' }]);
    assert.equal(session.recordedActions.length, 0);
  });

  it('explains a node that is not a possible owner instead of acting', async () => {
    load({ vms: [{ name: 'A', owner: 'HV01', memory: '1GiB', disk: 'CSV1', possibleOwners: ['HV01', 'HV03'] }] });
    fake.pickAnswers.push(byLabel('HV02'));
    await run('fcsim.liveMigrate', { target: { kind: 'vm', name: 'A' } });
    assert.deepEqual(fake.quickPicks[0].items.map((i) => i.label), ['HV03', 'Not available', 'HV01', 'HV02']);
    assert.deepEqual(fake.messages, [{ level: 'warning', text: 'HV02 cannot take A: HV02 is not a possible owner of A (its possible owners: HV01, HV03).' }]);
    assert.equal(session.recordedActions.length, 0);
  });

  it('live-migrates dropped VMs to the node they were dropped on, and ignores a drop on their own node', async () => {
    load();
    await run('fcsim.liveMigrate', [{ kind: 'vm', name: 'WEB01' }, { kind: 'vm', name: 'FS01' }], 'HV02');
    assert.deepEqual(session.recordedActions.map((r) => r.action), [{ do: 'liveMigrate', vm: 'WEB01', to: 'HV02' }]);
    assert.deepEqual(fake.messages, []);
    assert.equal(fake.quickPicks.length, 0);
  });

  it("shows the engine's reason when the cluster refuses", async () => {
    load();
    await run('fcsim.drainNode', { target: { kind: 'node', name: 'HV02' } });
    await run('fcsim.liveMigrate', { kind: 'vm', name: 'SQL01' }, 'HV02');
    assert.deepEqual(fake.messages.at(-1), { level: 'warning', text: 'Live migration of SQL01 refused: target node HV02 is paused' });
  });

  it('acts on every selected VM', async () => {
    load();
    const item = (name: string) => ({ target: { kind: 'vm', name } });
    await run('fcsim.stopVm', item('WEB01'), [item('SQL01'), item('WEB01'), item('DC01')]);
    assert.deepEqual(session.recordedActions.map((r) => r.action), [
      { do: 'stopVm', vm: 'SQL01' },
      { do: 'stopVm', vm: 'WEB01' },
    ]);
    assert.deepEqual(fake.messages, [{ level: 'warning', text: '1 of 3 actions refused. Turning off DC01: DC01 is off, not running.' }]);
  });

  it('sets a workload preset from a pick', async () => {
    load();
    fake.pickAnswers.push(byLabel('memoryIntensive'));
    await run('fcsim.setWorkload', { target: { kind: 'vm', name: 'SQL01' } });
    assert.equal(fake.quickPicks[0].items.find((i) => i.label === 'database')?.description, 'current');
    const action = session.recordedActions[0]?.action;
    assert.equal(action?.do, 'setWorkload');
    assert.equal(action?.do === 'setWorkload' && action.workload.preset, 'memoryIntensive');
  });

  it('disconnects a link picked as node and network from the palette', async () => {
    load();
    fake.pickAnswers.push(byLabel('HV02 — LAN'));
    await run('fcsim.disconnect');
    assert.deepEqual(session.recordedActions.map((r) => r.action), [{ do: 'disconnect', node: 'HV02', network: 'LAN' }]);
    // Now that link is the only one to reconnect: the palette says so without asking twice.
    fake.pickAnswers.push(byLabel('HV02 — LAN'));
    await run('fcsim.reconnect');
    assert.deepEqual(fake.quickPicks[1].items.map((i) => i.label), ['HV02 — LAN']);
  });

  it('says so when no item is in a state for the command', async () => {
    load();
    await run('fcsim.startNode');
    assert.deepEqual(fake.messages, [{ level: 'info', text: '"Start Node": no node in the cluster is in a state that allows it now.' }]);
  });

  it('asks for a backup duration, checked with the scenario units', async () => {
    load();
    fake.inputAnswers.push('90');
    await run('fcsim.backup', { target: { kind: 'volume', name: 'CSV1' } });
    assert.match(fake.inputValidation[0] ?? '', /"90" has no unit/);
    fake.inputAnswers.push('2m');
    await run('fcsim.backup', { target: { kind: 'volume', name: 'CSV1' } });
    assert.equal(fake.inputValidation[1], undefined);
    const done = session.recordedActions.some((r) => r.action.do === 'backup' && r.action.duration === 120);
    const refused = fake.messages.some((m) => m.level === 'warning' && m.text.startsWith('Backup of CSV1 refused: '));
    assert.ok(done || refused, JSON.stringify(fake.messages));
  });

  it('sets the speed from an argument or a pick', async () => {
    load();
    await run('fcsim.setSpeed', 100);
    assert.equal(session.speed, 100);
    fake.pickAnswers.push(byLabel('As fast as possible'));
    await run('fcsim.setSpeed');
    assert.equal(session.speed, 'max');
    assert.equal(fake.quickPicks[0].items.find((i) => i.label === '100x')?.description, 'current');
  });

  it('steps, and says when nothing is left', async () => {
    load();
    await run('fcsim.step');
    assert.equal(session.state, 'ended');
    await run('fcsim.step');
    assert.match(fake.messages.at(-1)?.text ?? '', /^Nothing left to run: the simulation ended at 00:00:00\.$/);
  });

  it('asks before a reset forgets actions taken by hand', async () => {
    load();
    await run('fcsim.crashNode', { target: { kind: 'node', name: 'HV03' } });
    fake.messageAnswers.push(undefined);
    await run('fcsim.reset');
    assert.equal(session.recordedActions.length, 1, 'dismissed: nothing reset');
    fake.messageAnswers.push('Reset');
    await run('fcsim.reset');
    assert.equal(session.recordedActions.length, 0);
    assert.equal(session.state, 'ready');
  });

  it('saves the actions taken by hand to the file the user names', async () => {
    load();
    await run('fcsim.crashNode', { target: { kind: 'node', name: 'HV03' } });
    const written: { uri: Uri; text: string }[] = [];
    const originalSave = window.showSaveDialog;
    const originalWrite = workspace.fs.writeFile;
    let offered: Uri | undefined;
    window.showSaveDialog = ((options: { defaultUri?: Uri }) => {
      offered = options.defaultUri;
      return Promise.resolve(Uri.file('/work/lab-2.cluster.json'));
    }) as never;
    workspace.fs.writeFile = ((uri: Uri, bytes: Uint8Array) => {
      written.push({ uri, text: new TextDecoder().decode(bytes) });
      return Promise.resolve();
    }) as never;
    try {
      await run('fcsim.saveAsScenario');
    } finally {
      window.showSaveDialog = originalSave;
      workspace.fs.writeFile = originalWrite;
    }
    assert.equal(offered?.path, '/work/lab-with-actions.cluster.json');
    assert.equal(written.length, 1);
    assert.equal(written[0].uri.path, '/work/lab-2.cluster.json');
    assert.match(written[0].text, /"at": "0s",\s*"do": "crashNode",\s*"node": "HV03"/);
  });

  it('writes nothing when the save dialog is dismissed, or when no action was taken', async () => {
    load();
    await run('fcsim.saveAsScenario');
    assert.match(fake.messages[0].text, /^No action has been taken by hand/);
  });

  it('says so when a tree item is no longer in the cluster', async () => {
    load();
    await run('fcsim.startVm', { target: { kind: 'vm', name: 'GONE01' } });
    assert.deepEqual(fake.messages, [{ level: 'info', text: 'GONE01 is not in the loaded cluster.' }]);
  });

  it('runs to the end with progress, once', async () => {
    load({ duration: '5m' });
    await drive(run('fcsim.runToEnd'), timers);
    assert.equal(session.state, 'ended');
    assert.equal(session.time, 300);
    await run('fcsim.runToEnd');
    assert.match(fake.messages.at(-1)?.text ?? '', /already ended, at 00:05:00/);
  });

  it('turns an exception into an error message, never a throw', async () => {
    const original = workspace.fs.readDirectory;
    workspace.fs.readDirectory = (() => Promise.reject(new Error('disk on fire'))) as never;
    try {
      await run('fcsim.openExample');
    } finally {
      workspace.fs.readDirectory = original;
    }
    assert.equal(fake.messages[0].level, 'error');
    assert.match(fake.messages[0].text, /^Open Example Scenario failed: disk on fire/);
  });
});
