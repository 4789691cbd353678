import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { assertMaxMinFair } from './fairness';
import { MaxMinFairSolver, maxMinFairOf, type FairShareFlow, type SharingGraph } from '../../../src/engine/network/maxMinFair';

const close = (actual: number, expected: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);

describe('maxMinFair', () => {
  it('splits one resource evenly', () => {
    const c = 125e6;
    const rates = maxMinFairOf([c], [{ resources: [0] }, { resources: [0] }]);
    assert.deepEqual(rates, [c / 2, c / 2]);
  });

  it('gives a capped flow its cap and the rest of its share to the others', () => {
    const c = 125e6;
    const cap = c / 10;
    const rates = maxMinFairOf([c], [{ resources: [0], cap }, { resources: [0] }, { resources: [0] }]);
    close(rates[0], cap);
    close(rates[1], (c - cap) / 2);
    close(rates[2], (c - cap) / 2);
  });

  it('lets a flow bottlenecked on one resource leave capacity to others on a second one', () => {
    // flow 0 uses r0 and r1; flow 1 only r0; flow 2 only r1. r0 is the narrow one.
    const c0 = 100;
    const c1 = 300;
    const rates = maxMinFairOf([c0, c1], [{ resources: [0, 1] }, { resources: [0] }, { resources: [1] }]);
    close(rates[0], c0 / 2);
    close(rates[1], c0 / 2);
    close(rates[2], c1 - c0 / 2);
  });

  it('gives a flow with no resources its cap, or Infinity', () => {
    assert.deepEqual(maxMinFairOf([10], [{ resources: [], cap: 3 }, { resources: [] }, { resources: [0] }]), [3, Infinity, 10]);
  });

  it('gives 0 to a flow capped at 0 and everything to the other', () => {
    assert.deepEqual(maxMinFairOf([10], [{ resources: [0], cap: 0 }, { resources: [0] }]), [0, 10]);
  });

  it('returns an empty allocation for no flows', () => {
    assert.deepEqual(maxMinFairOf([1], []), []);
  });

  it('solves one part of a graph and writes only the rates of that part', () => {
    // Two independent components: {r0: flows 0, 1} and {r1: flow 2}.
    const graph: SharingGraph = {
      capacity: [100, 60],
      through: [[0, 1], [2]],
      throughLength: [2, 1],
      first: [0, 0, 1],
      second: [-1, -1, -1],
      cap: [10, Infinity, Infinity],
      cappedOrder: [0],
      cappedCount: 1,
    };
    const rate = new Float64Array([-1, -1, -1]);
    const solver = new MaxMinFairSolver();
    solver.solve(graph, [0], 1, [0, 1], 2, rate);
    assert.deepEqual(Array.from(rate), [10, 100 - 10, -1]);
    solver.solve(graph, [1], 1, [2], 1, rate);
    assert.deepEqual(Array.from(rate), [10, 100 - 10, 60]);
  });

  it('meets the max-min fairness conditions on random problems', () => {
    const random = new Random(2024, 'maxMinFair');
    for (let trial = 0; trial < 200; trial++) {
      const resourceCount = 1 + random.int(12);
      const capacities = Array.from({ length: resourceCount }, () => 1 + random.int(1000));
      const flows: FairShareFlow[] = Array.from({ length: 1 + random.int(40) }, () => {
        const resources = [random.int(resourceCount)];
        if (random.float() < 0.7) resources.push(random.int(resourceCount));
        return random.float() < 0.3 ? { resources, cap: random.int(300) } : { resources };
      });
      const rates = maxMinFairOf(capacities, flows);
      assertMaxMinFair(capacities, flows.map((f, i) => ({ ...f, rate: rates[i] })));
    }
  });
});
