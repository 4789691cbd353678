import { strict as assert } from 'node:assert';
import { statusView } from '../../../src/extension/commands/logic/statusText';
import { durationProblem, parseDuration } from '../../../src/extension/commands/logic/inputs';

describe('commands: the status bar item', () => {
  const base = { time: 105, speed: 10 as const, scenarioName: 'Lab', recordedActions: 0 };

  it('is hidden while nothing is loaded', () => {
    assert.equal(statusView({ ...base, state: 'empty' }).visible, false);
  });

  it('shows the simulated clock, the state and the speed', () => {
    assert.equal(statusView({ ...base, state: 'playing' }).text, '$(server-process) 00:01:45 · playing 10x');
    assert.equal(statusView({ ...base, state: 'playing', speed: 'max' }).text, '$(server-process) 00:01:45 · playing max');
    assert.equal(statusView({ ...base, state: 'paused' }).text, '$(server-process) 00:01:45 · paused');
    assert.equal(statusView({ ...base, state: 'ready', time: 0 }).text, '$(server-process) 00:00:00 · ready');
    assert.equal(statusView({ ...base, state: 'ended', time: 3725.5 }).text, '$(server-process) 01:02:05 · ended');
  });

  it('pauses a playing run on click, and runs otherwise', () => {
    assert.equal(statusView({ ...base, state: 'playing' }).command, 'fcsim.pause');
    for (const state of ['ready', 'paused', 'ended'] as const) assert.equal(statusView({ ...base, state }).command, 'fcsim.run');
  });

  it('explains itself in words in the tooltip', () => {
    assert.equal(
      statusView({ ...base, state: 'playing', recordedActions: 2 }).tooltip,
      'Simulated time 00:01:45.000 in "Lab". Running at 10x real time. Click to pause. 2 actions taken by hand (Save as Scenario keeps them).',
    );
    assert.match(statusView({ ...base, state: 'paused', speed: 1 }).tooltip, /Paused; runs in real time when resumed\. Click to run\.$/);
    assert.match(statusView({ ...base, state: 'ended' }).tooltip, /The run has ended\. Click to run it again from the start\.$/);
  });
});

describe('commands: durations typed by hand', () => {
  it('accepts a positive time with its unit', () => {
    assert.equal(durationProblem('2m'), null);
    assert.equal(durationProblem(' 90s '), null);
    assert.equal(parseDuration('1.5h'), 5400);
  });

  it("says what is wrong the way the scenario loader does", () => {
    assert.match(durationProblem('90') ?? '', /"90" has no unit.*Expected a time such as "250ms"/);
    assert.match(durationProblem('2 minutes') ?? '', /did you mean "m"/);
    assert.match(durationProblem('0s') ?? '', /longer than zero/);
    assert.match(durationProblem('') ?? '', /empty/);
    assert.match(durationProblem('-5s') ?? '', /negative/);
  });
});
