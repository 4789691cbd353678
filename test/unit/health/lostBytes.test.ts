import { strict as assert } from 'node:assert';
import { LAZY_WRITER_FRACTION, LAZY_WRITER_INTERVAL, unflushedBytes } from '../../../src/engine/health/lostBytes';
import { cluster, GiB, MiB } from '../../helpers/runScenario';
import { runChecked } from './helpers';

/** The documented formula, written out again: min(memory, diskIo x 8 s x (1 - (7/8)^t)). */
const expected = (diskIo: number, memory: number, t: number) =>
  Math.min(memory, Math.round(diskIo * (LAZY_WRITER_INTERVAL / LAZY_WRITER_FRACTION) * (t === Infinity ? 1 : 1 - (7 / 8) ** t)));

// Five nodes, so that two crashes leave a majority (3 of 5 votes).
const five = ['HV01', 'HV02', 'HV03', 'HV04', 'HV05'].map((name) => ({ name, memory: '64GiB' }));

describe('lostBytes: the writes a crash-consistent restart loses', () => {
  it('the lazy writer flushes 1/8 of the dirty pages each second: 8 s of writes at steady state, less after a recent boot', () => {
    assert.equal(LAZY_WRITER_INTERVAL / LAZY_WRITER_FRACTION, 8);
    assert.equal(unflushedBytes(20e6, 8 * GiB, Infinity), 160e6);
    assert.equal(unflushedBytes(20e6, 8 * GiB, 1), 20e6, 'one second after boot: one second of writes');
    assert.equal(unflushedBytes(20e6, 8 * GiB, 3), expected(20e6, 8 * GiB, 3));
    assert.equal(unflushedBytes(20e6, 100 * MiB, Infinity), 100 * MiB, 'never more than the memory');
    assert.equal(unflushedBytes(20e6, 8 * GiB, 0), 0, 'a VM that was booting has written nothing yet');
    assert.equal(unflushedBytes(0, 8 * GiB, Infinity), 0, 'no disk writes, nothing to lose');
  });

  it('in a run: each VM loses its workload’s unflushed writes (the presets’ diskIo), the report says how much', () => {
    const { report } = runChecked(
      cluster({
        vms: [
          { name: 'DB', owner: 'HV01', memory: '8GiB', disk: 'CSV1', workload: 'database' },
          { name: 'WEB', owner: 'HV01', memory: '4GiB', disk: 'CSV1', workload: 'web' },
          { name: 'IDLE', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: 'idle' },
          { name: 'CALC', owner: 'HV01', memory: '2GiB', disk: 'CSV1', workload: { memoryWrites: '50MB/s', diskIo: '0MB/s' } },
        ],
        timeline: [{ at: '1m', do: 'crashNode', node: 'HV01' }],
      }),
    );
    assert.deepEqual(
      report.failovers.map((f) => [f.vm, f.lostBytes]),
      [
        ['DB', expected(20e6, 8 * GiB, Infinity)],
        ['WEB', expected(2e6, 4 * GiB, Infinity)],
        ['IDLE', expected(100e3, 2 * GiB, Infinity)],
        ['CALC', 0],
      ],
    );
  });

  it('a VM that crashes again soon after its failover has only the writes since its boot to lose; one still booting loses none', () => {
    const { report } = runChecked(
      cluster({
        nodes: five,
        vms: [{ name: 'DB', owner: 'HV01', memory: '8GiB', disk: 'CSV1', workload: 'database', preferredOwners: ['HV01', 'HV02', 'HV03'] }],
        settings: { bootTime: '30s' },
        timeline: [
          // Declared at 15 s, online on HV02 at 45 s; crashes 3 s later.
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '48s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    );
    assert.deepEqual(report.failovers.map((f) => [f.from, f.to, f.lostBytes]), [
      ['HV01', 'HV02', 160e6],
      ['HV02', 'HV03', expected(20e6, 8 * GiB, 3)],
    ]);
    const booting = runChecked(
      cluster({
        nodes: five,
        vms: [{ name: 'DB', owner: 'HV01', memory: '8GiB', disk: 'CSV1', workload: 'database', preferredOwners: ['HV01', 'HV02', 'HV03'] }],
        timeline: [
          { at: '10s', do: 'crashNode', node: 'HV01' },
          { at: '20s', do: 'crashNode', node: 'HV02' },
        ],
      }),
    ).report;
    assert.deepEqual(booting.failovers.map((f) => [f.from, f.lostBytes]), [
      ['HV01', 160e6],
      ['HV02', 0],
    ]);
    assert.match(booting.failovers[0].reason!, /HV02 went down while DB was booting there/);
  });
});
