import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import type { ClusterSnapshot } from '../../../src/engine/snapshot';
import { diffTrees } from '../../../src/extension/explorer/model/diff';
import { buildTree } from '../../../src/extension/explorer/model/tree';
import { VmDescriptorCache } from '../../../src/extension/explorer/model/vms';
import { syntheticSnapshot } from './fixtures';

/** Median of `runs` timings of `fn`, milliseconds. */
function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

// A measure, not a timed assertion: the figure is printed for the record.
describe('explorer view model at scale (64 nodes, 8,000 VMs)', () => {
  it('builds descriptors and diffs two snapshots', () => {
    const a = syntheticSnapshot(64, 8000, 0);
    // The next snapshot: the migrating VMs moved on by 1%.
    const b: ClusterSnapshot = {
      ...a,
      t: 0.25,
      vms: a.vms.map((v) => (v.migration ? { ...v, migration: { ...v.migration, progress: v.migration.progress + 0.01 } } : v)),
    };
    const ta = buildTree(a);
    const tb = buildTree(b);
    // cluster + 5 folders + 64 nodes + 8,000 VMs twice + 3 networks x 64 links + 4 CSVs x 64 nodes + 1 disk
    assert.equal(ta.items.size, 1 + 5 + 64 + 16000 + 3 + 192 + 4 + 256 + 1);
    const diff = diffTrees(ta, tb);
    assert.equal(diff.changed.length, 2 * a.vms.filter((v) => v.migration).length);

    // Cold: every VM formatted (a scenario was just loaded). Warm: the provider's case, a quarter
    // of a second later, with the previous build's descriptors reused for the VMs that read the same.
    const cold = median(11, () => buildTree(b));
    const cache = new VmDescriptorCache();
    let flip = false;
    const warm = median(21, () => {
      flip = !flip;
      buildTree(flip ? a : b, null, cache);
    });
    const compare = median(11, () => diffTrees(ta, tb));
    const warmA = buildTree(a, null, cache);
    const warmB = buildTree(b, null, cache);
    const compareWarm = median(11, () => diffTrees(warmA, warmB));
    assert.deepEqual(diffTrees(warmA, warmB), diff);
    console.log(
      `      ${ta.items.size} items: buildTree cold ${cold.toFixed(1)} ms, warm ${warm.toFixed(1)} ms; diffTrees ${compare.toFixed(1)} ms (${compareWarm.toFixed(1)} ms warm)`,
    );
  });
});
