import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/engine/scenario/diagnostics';
import { loadScenario } from '../../../src/engine/scenario/load';
import { checkSemantics } from '../../../src/engine/scenario/semantic';
import { clusterWarnings } from '../../../src/engine/scenario/warnings';
import { build, GiB, MiB, type ScenarioInput, type VmInput } from './scenarioBuilder';

/**
 * Windows Server 2008 R2's limits and the features it does not have, as validation warnings. The
 * limits below are written out from the pages that state them (TechNet ee405267 and dd197562,
 * Savill on concurrent live migrations), not taken from the code: each test checks the warning is
 * there just over the limit, at its path, and not at the limit itself.
 */
function warningsOf(input: ScenarioInput, code: string): Diagnostic[] {
  const s = build(input);
  assert.deepEqual(checkSemantics(s), [], 'the test scenario itself is valid');
  const ws = clusterWarnings(s).filter((w) => w.code === code);
  for (const w of ws) assert.ok(w.severity === 'warning' && w.hint, 'a warning with a hint');
  return ws;
}

function fires(input: ScenarioInput, code: string): Diagnostic {
  const ws = warningsOf(input, code);
  assert.equal(ws.length, 1, `expected one ${code}, got ${JSON.stringify(ws, null, 1)}`);
  return ws[0]!;
}

function quiet(input: ScenarioInput, code: string): void {
  assert.deepEqual(warningsOf(input, code), [], `expected no ${code}`);
}

const nodes = (n: number): string[] => Array.from({ length: n }, (_, i) => `HV${String(i + 1).padStart(2, '0')}`);

/** `count` small VMs, spread round-robin over `on`, in `state`, named from `prefix`. */
function smallVms(count: number, on: readonly string[], state: 'running' | 'off' = 'running', prefix = 'VM'): VmInput[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i + 1}`, owner: on[i % on.length]!, memory: 64 * MiB, vhd: 1 * GiB, state }));
}

describe('Windows Server 2008 R2 limits and later features (validation warnings)', () => {
  it('the default test cluster is within every limit', () => {
    const codes = clusterWarnings(build()).map((w) => w.code);
    assert.deepEqual(codes.filter((c) => /2008r2/.test(c)), []);
  });

  it('over-2008r2-nodes: 17 nodes (2008 R2: 16 per cluster), at the 17th node; quiet at 16', () => {
    const w = fires({ nodes: nodes(17) }, 'over-2008r2-nodes');
    assert.deepEqual(w.path, ['nodes', 16]);
    assert.match(w.message, /^17 nodes: a Windows Server 2008 R2 failover cluster has at most 16 nodes/);
    quiet({ nodes: nodes(16) }, 'over-2008r2-nodes');
  });

  it('over-2008r2-running-vms: 1,001 running VMs (2008 R2: 1,000 per cluster), at the 1,001st; VMs that are off do not count', () => {
    const three = ['HV01', 'HV02', 'HV03'];
    const w = fires({ vms: smallVms(1001, three) }, 'over-2008r2-running-vms');
    assert.deepEqual(w.path, ['vms', 1000]);
    assert.match(w.message, /^1,001 VMs run at the start: .* at most 1,000 running VMs/);
    quiet({ vms: smallVms(1000, three) }, 'over-2008r2-running-vms');
    quiet({ vms: [...smallVms(1000, three), ...smallVms(20, three, 'off', 'OFF')] }, 'over-2008r2-running-vms');
  });

  it('over-2008r2-running-vms-per-node: 385 running VMs owned by one node at the start (2008 R2: 384), at that node', () => {
    const w = fires({ vms: smallVms(385, ['HV02']) }, 'over-2008r2-running-vms-per-node');
    assert.deepEqual(w.path, ['nodes', 1]);
    assert.match(w.message, /^HV02 runs 385 VMs at the start .* at most 384 running VMs on one node/);
    quiet({ vms: smallVms(384, ['HV02']) }, 'over-2008r2-running-vms-per-node');
    quiet({ vms: [...smallVms(384, ['HV02']), ...smallVms(10, ['HV02'], 'off', 'OFF')] }, 'over-2008r2-running-vms-per-node');
  });

  it('over-2008r2-vm-memory: a VM over 64 GiB (2008 R2: 64 GB), at its memory; quiet at 64 GiB', () => {
    const big = (memory: number): ScenarioInput => ({
      nodes: [{ name: 'HV01', memory: 256 * GiB }, 'HV02', 'HV03'],
      vms: [{ name: 'SQL01', owner: 'HV01', memory }],
    });
    const w = fires(big(64 * GiB + 1 * MiB), 'over-2008r2-vm-memory');
    assert.deepEqual(w.path, ['vms', 0, 'memory']);
    assert.match(w.message, /^VM "SQL01" has 64 GiB \(65,537 MB\) of memory: a Hyper-V VM on Windows Server 2008 R2 has at most 64 GB \(65,536 MB/);
    const w96 = fires(big(96 * GiB), 'over-2008r2-vm-memory');
    assert.match(w96.message, /has 96 GiB \(98,304 MB\) of memory/);
    quiet(big(64 * GiB), 'over-2008r2-vm-memory');
  });

  it('outside-2008r2-heartbeat-delay: below 250 ms or above 2 s (SameSubnetDelay 250-2000 ms), at the delay', () => {
    for (const delay of [0.249, 2.001, 0.1, 5]) {
      const w = fires({ settings: { heartbeat: { delay } } }, 'outside-2008r2-heartbeat-delay');
      assert.deepEqual(w.path, ['settings', 'heartbeat', 'delay']);
      assert.match(w.message, /accepts a SameSubnetDelay of 250 ms to 2 s only/);
    }
    const slow = fires({ settings: { heartbeat: { delay: 5, threshold: 5 } } }, 'outside-2008r2-heartbeat-delay');
    assert.match(slow.message, /delay x threshold = 25 s/);
    for (const delay of [0.25, 1, 2]) quiet({ settings: { heartbeat: { delay } } }, 'outside-2008r2-heartbeat-delay');
  });

  it('outside-2008r2-heartbeat-threshold: below 3 or above 10 (SameSubnetThreshold 3-10 in 2008 R2, not the 120 of 2012), at the threshold', () => {
    for (const threshold of [1, 2, 11, 120]) {
      const w = fires({ settings: { heartbeat: { threshold } } }, 'outside-2008r2-heartbeat-threshold');
      assert.deepEqual(w.path, ['settings', 'heartbeat', 'threshold']);
      assert.match(w.message, new RegExp(`^a threshold of ${threshold} missed heartbeats: .* 3 to 10 only`));
    }
    for (const threshold of [3, 5, 10]) quiet({ settings: { heartbeat: { threshold } } }, 'outside-2008r2-heartbeat-threshold');
  });

  it('over-2008r2-concurrent-live-migrations: maxConcurrentPerNode above 1 (2008 R2: one per node), at the setting', () => {
    const w = fires({ settings: { liveMigration: { maxConcurrentPerNode: 2 } } }, 'over-2008r2-concurrent-live-migrations');
    assert.deepEqual(w.path, ['settings', 'liveMigration', 'maxConcurrentPerNode']);
    assert.match(w.message, /one live migration at a time per node, as source or destination/);
    quiet({ settings: { liveMigration: { maxConcurrentPerNode: 1 } } }, 'over-2008r2-concurrent-live-migrations');
  });

  it('action-not-in-2008r2: drainNode is Windows Server 2012’s; the warning says what a 2008 R2 administrator does', () => {
    const w = fires(
      {
        timeline: [
          { at: 30, do: 'liveMigrate', vm: 'VM01', to: 'HV03' },
          { at: 60, do: 'drainNode', node: 'HV02' },
          { at: 600, do: 'resumeNode', node: 'HV02' },
        ],
      },
      'action-not-in-2008r2',
    );
    assert.deepEqual(w.path, ['timeline', 1, 'do']);
    assert.match(w.message, /Windows Server 2012's node drain/);
    assert.match(w.message, /pauses the node and live-migrates each of its VMs/);
    assert.match(w.message, /Virtual Machine Manager 2008 R2/);
    assert.match(w.hint!, /pause HV02 and a "liveMigrate" for each of its VMs/);
    quiet({ timeline: [{ at: 30, do: 'liveMigrate', vm: 'VM01', to: 'HV03' }] }, 'action-not-in-2008r2');
  });

  it('a scenario over the limits still loads (warnings, no errors), each warning at its line and column', () => {
    const text = [
      '{',
      '  "settings": { "liveMigration": { "maxConcurrentPerNode": 2 }, "heartbeat": { "threshold": 20 } },',
      '  "nodes": [ { "name": "HV01", "memory": "64GiB" }, { "name": "HV02", "memory": "64GiB" } ],',
      '  "networks": [ { "name": "Cluster", "role": "cluster" }, { "name": "LAN" } ],',
      '  "timeline": [ { "at": "1m", "do": "drainNode", "node": "HV01" } ]',
      '}',
    ].join('\n');
    const { scenario, diagnostics } = loadScenario(text);
    assert.ok(scenario, 'it loads');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    const at = (code: string): [number, number] => {
      const d = diagnostics.find((x) => x.code === code);
      assert.ok(d, code);
      return [d.line!, d.column!];
    };
    const col = (line: number, needle: string): number => text.split('\n')[line - 1]!.indexOf(needle) + 1;
    assert.deepEqual(at('over-2008r2-concurrent-live-migrations'), [2, col(2, '2 }')]);
    assert.deepEqual(at('outside-2008r2-heartbeat-threshold'), [2, col(2, '20 }')]);
    assert.deepEqual(at('action-not-in-2008r2'), [5, col(5, '"drainNode"')]);
  });

  it('every warning code the two warning modules emit is in the warnings tables of docs/scenario-format.md', () => {
    const root = join(__dirname, '..', '..', '..');
    const doc = readFileSync(join(root, 'docs', 'scenario-format.md'), 'utf8');
    const listed = new Set([...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));
    const emitted = ['warnings.ts', 'windows2008r2Warnings.ts'].flatMap((f) => {
      const src = readFileSync(join(root, 'src', 'engine', 'scenario', f), 'utf8');
      return [...src.matchAll(/warn\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1]!);
    });
    assert.ok(emitted.length >= 20, `found the codes (${emitted.length})`);
    assert.deepEqual(emitted.filter((c) => !listed.has(c)), []);
  });
});
