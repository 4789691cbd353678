import { strict as assert } from 'node:assert';

/** A flow as the fairness check sees it: the resources it uses, its cap, and its rate. */
export interface AllocatedFlow {
  readonly resources: readonly number[];
  readonly cap?: number;
  readonly rate: number;
}

const TOLERANCE = 1e-9;

/**
 * Checks the defining properties of a max-min fair allocation, independently of how it was
 * computed: it is feasible (no resource over capacity, no flow over its cap), and every flow is
 * either at its cap or has a bottleneck: a full resource on which no other flow gets more.
 */
export function assertMaxMinFair(capacities: readonly number[], flows: readonly AllocatedFlow[]): void {
  const load = capacities.map(() => 0);
  flows.forEach((f, i) => {
    assert.ok(f.rate >= 0, `flow ${i} has a negative rate`);
    for (const r of f.resources) load[r] += f.rate;
    assert.ok(f.rate <= (f.cap ?? Infinity) * (1 + TOLERANCE), `flow ${i} is above its cap`);
  });
  load.forEach((l, r) => assert.ok(l <= capacities[r] * (1 + TOLERANCE), `resource ${r} is over capacity`));
  flows.forEach((f, i) => {
    if (f.cap !== undefined && f.rate >= f.cap * (1 - TOLERANCE)) return;
    const bottleneck = f.resources.some(
      (r) =>
        load[r] >= capacities[r] * (1 - TOLERANCE) &&
        flows.every((g) => !g.resources.includes(r) || g.rate <= f.rate * (1 + TOLERANCE)),
    );
    assert.ok(bottleneck, `flow ${i} (rate ${f.rate}) has no bottleneck: it could get more`);
  });
}
