/* eslint-disable @typescript-eslint/no-require-imports */
// Every way of loading a scenario asks before it forgets the actions taken by hand: "Open
// Scenario", "Open Example" and the editor's "Run scenario" lens (fake vscode).
import { strict as assert } from 'node:assert';
import { fake, installFakeVscode, Uri, window, workspace } from './fakeVscode';
import { SimulationSession } from '../../../src/extension/session/simulationSession';
import { FakeTimers, drive } from '../session/fakeTimers';
import { smallCluster } from './helpers';

installFakeVscode();
const { registerCommands } = require('../../../src/extension/commands/registerCommands') as typeof import('../../../src/extension/commands/registerCommands');
const { registerRunScenarioFile } = require('../../../src/extension/editor/runScenarioFile') as typeof import('../../../src/extension/editor/runScenarioFile');
const { createLogger } = require('../../../src/extension/logger') as typeof import('../../../src/extension/logger');

const QUESTION = /forgets the 1 action you took by hand\.$/;

describe('loading a scenario over actions taken by hand (fake vscode)', () => {
  let session: SimulationSession;
  let timers: FakeTimers;
  let context: { subscriptions: { dispose(): void }[]; extensionUri: Uri };
  const other = Uri.file('/work/other.cluster.json');
  const otherText = JSON.stringify(smallCluster({ name: 'Other cluster' }));

  const run = async (command: string, ...args: unknown[]): Promise<unknown> => {
    const handler = fake.commands.get(command);
    assert.ok(handler, `${command} is registered`);
    return drive(Promise.resolve(handler(...args)), timers);
  };
  const questions = () => fake.messages.filter((m) => m.level === 'warning' && QUESTION.test(m.text)).map((m) => m.text);

  beforeEach(() => {
    fake.reset();
    timers = new FakeTimers();
    session = new SimulationSession(timers);
    context = { subscriptions: [], extensionUri: Uri.file('/ext') };
    const log = createLogger(context as never);
    registerCommands(context as never, session, log);
    context.subscriptions.push(registerRunScenarioFile(session, log, { update: () => undefined } as never));
    fake.files.set(other.toString(), otherText);
    assert.ok(session.load(JSON.stringify(smallCluster({ name: 'Lab' })), '/work/lab.cluster.json').ok);
    assert.ok(session.act({ do: 'crashNode', node: 'HV03' }).accepted);
  });

  afterEach(() => {
    for (const s of context.subscriptions) s.dispose();
    session.dispose();
  });

  const kept = () => {
    assert.equal(session.scenario?.name, 'Lab');
    assert.equal(session.recordedActions.length, 1);
  };

  it('"Run scenario" asks, and keeps the actions when the question is dismissed', async () => {
    fake.messageAnswers.push(undefined);
    assert.equal(await run('fcsim.runScenarioFile', other), false);
    assert.deepEqual(questions(), ['Running /work/other.cluster.json forgets the 1 action you took by hand.']);
    kept();
  });

  it('"Run scenario" loads and runs once the user agrees', async () => {
    fake.messageAnswers.push('Run Anyway');
    assert.equal(await run('fcsim.runScenarioFile', other), true);
    assert.equal(questions().length, 1);
    assert.equal(session.scenario?.name, 'Other cluster');
    assert.deepEqual(session.recordedActions, []);
    assert.equal(session.state, 'ended');
  });

  it('"Open Scenario" asks the same question', async () => {
    fake.messageAnswers.push(undefined);
    await run('fcsim.openScenario', other);
    assert.deepEqual(questions(), ['Opening other.cluster.json forgets the 1 action you took by hand.']);
    kept();
    fake.messageAnswers.push('Open Anyway');
    await run('fcsim.openScenario', other);
    assert.equal(session.scenario?.name, 'Other cluster');
  });

  it('"Open Example" asks the same question', async () => {
    const saved = { readDirectory: workspace.fs.readDirectory, readFile: workspace.fs.readFile };
    Object.assign(workspace.fs, {
      readDirectory: () => Promise.resolve([['Example.Cluster.json', 1]]),
      readFile: () => Promise.resolve(new TextEncoder().encode(otherText)),
    });
    try {
      fake.pickAnswers.push((items) => items[0]);
      fake.messageAnswers.push(undefined);
      await run('fcsim.openExample');
      assert.deepEqual(questions(), ['Opening Example.Cluster.json forgets the 1 action you took by hand.']);
      kept();
    } finally {
      Object.assign(workspace.fs, saved);
    }
  });

  it('"Save as Scenario First..." loads only once the actions are saved', async () => {
    // The save dialog is dismissed (the fake's showSaveDialog answers undefined): nothing is lost.
    fake.messageAnswers.push('Save as Scenario First...');
    assert.equal(await run('fcsim.runScenarioFile', other), false);
    assert.ok(fake.executed.some((e) => e.command === 'fcsim.saveAsScenario'));
    kept();
  });

  it('asks nothing when no action was taken by hand', async () => {
    session.reset();
    assert.equal(await run('fcsim.runScenarioFile', other), true);
    assert.deepEqual(questions(), []);
    assert.equal(session.scenario?.name, 'Other cluster');
  });

  it('says so when the file cannot be opened, and loads nothing', async () => {
    fake.messageAnswers.push('Run Anyway');
    assert.equal(await run('fcsim.runScenarioFile', Uri.file('/work/gone.cluster.json')), false);
    assert.ok(fake.messages.some((m) => m.level === 'error' && m.text.startsWith('Could not open gone.cluster.json: ')), JSON.stringify(fake.messages));
    kept();
  });

  it('"Open Scenario" takes the active editor by the same case rule as the diagnostics: Lab.Cluster.JSON is a scenario', async () => {
    session.reset();
    const uri = Uri.file('/work/Lab.Cluster.JSON');
    window.activeTextEditor = { document: { uri, getText: () => otherText } };
    try {
      await run('fcsim.openScenario');
    } finally {
      window.activeTextEditor = undefined;
    }
    assert.equal(session.scenario?.name, 'Other cluster');
    assert.equal(session.source?.name, '/work/Lab.Cluster.JSON');
  });
});
