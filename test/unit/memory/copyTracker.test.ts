import { strict as assert } from 'node:assert';
import { Random } from '../../../src/engine/kernel';
import { CopyTracker, PAGE_SIZE, WriteProcess } from '../../../src/engine/memory';

const MiB = 2 ** 20;

/**
 * A pre-copy migration driven the way the migration engine is meant to drive it: pass 1 copies all
 * memory, each pass lasts (pages · 4 KiB) / bandwidth while the VM keeps writing, the pages
 * dirtied meanwhile are the next pass; after `passes` passes the VM is suspended and the final
 * pages are copied (unless `finalCopy` is false).
 */
function migrate(passes: number, finalCopy: boolean) {
  const memory = 256 * MiB;
  const writes = WriteProcess.forVm({ memoryWrites: 30e6, workingSet: 32 * MiB, hotShare: 0.9 }, memory);
  const bandwidth = 100e6;
  const rng = new Random(5).fork('vm:SQL01');
  const tracker = new CopyTracker(writes.totalPages);
  const passSizes = [tracker.startFirstPass()];
  for (let pass = 1; pass <= passes; pass++) {
    const duration = (tracker.toCopy.count() * PAGE_SIZE) / bandwidth;
    // A view asks for progress half-way: the bitmap is brought up to date in two steps.
    writes.applyWrites(tracker.dirty, duration / 2, rng);
    writes.applyWrites(tracker.dirty, duration / 2, rng);
    passSizes.push(tracker.endPass());
  }
  const finalPages = passSizes.pop()!;
  if (finalCopy) tracker.finishFinalCopy();
  return { tracker, passSizes, finalPages, writes, rng };
}

function naiveLost(t: CopyTracker): number[] {
  const lost: number[] = [];
  for (let p = 0; p < t.pages; p++) if (!t.everCopied.test(p) || t.dirty.test(p) || t.toCopy.test(p)) lost.push(p);
  return lost;
}

describe('CopyTracker', () => {
  it('loses no page after a complete pre-copy migration with its final copy', () => {
    const { tracker, passSizes, finalPages } = migrate(4, true);
    assert.equal(passSizes[0], tracker.pages);
    for (let i = 1; i < passSizes.length; i++) assert.ok(passSizes[i] < passSizes[i - 1], `passes shrink: ${passSizes.join(', ')}`);
    assert.ok(finalPages > 0 && finalPages < passSizes[passSizes.length - 1]);
    assert.equal(tracker.dirty.count(), 0);
    assert.equal(tracker.toCopy.count(), 0);
    assert.equal(tracker.everCopied.count(), tracker.pages);
    assert.equal(tracker.lostPages(), 0);
    assert.equal(tracker.isComplete(), true);
    assert.equal(tracker.firstLostPage(), -1);
  });

  it('counts the final pages as lost until they are copied', () => {
    const { tracker, finalPages } = migrate(3, false);
    assert.equal(tracker.lostPages(), finalPages);
    assert.equal(tracker.firstLostPage(), [...tracker.toCopy][0]);
    assert.equal(tracker.isComplete(), false);
    tracker.finishFinalCopy();
    assert.equal(tracker.lostPages(), 0);
  });

  it('counts pages written after the last pass as lost when the VM resumes without another endPass', () => {
    const { tracker, writes, rng } = migrate(3, true);
    writes.applyWrites(tracker.dirty, 0.5, rng); // the VM ran on after the final copy
    assert.ok(tracker.dirty.count() > 0);
    assert.equal(tracker.lostPages(), tracker.dirty.count());
    assert.equal(tracker.firstLostPage(), [...tracker.dirty][0]);
  });

  it('counts everything as lost before pass 1 has ended, and refuses endPass before pass 1', () => {
    const t = new CopyTracker(100);
    assert.equal(t.lostPages(), 100);
    assert.throws(() => t.endPass(), /startFirstPass/);
    assert.equal(t.startFirstPass(), 100);
    assert.equal(t.lostPages(), 100);
    assert.equal(t.firstLostPage(), 0);
    assert.equal(t.endPass(), 0);
    assert.equal(t.lostPages(), 0);
    t.reset();
    assert.equal(t.lostPages(), 100);
  });

  for (const pages of [1, 31, 32, 33, 100, 1000]) {
    it(`counts |never copied ∪ dirty ∪ to copy| like a naive set computation (${pages} pages)`, () => {
      const rng = new Random(pages, 'tracker');
      const t = new CopyTracker(pages);
      t.startFirstPass();
      for (let pass = 0; pass < 4; pass++) {
        for (let i = 0; i < pages / 5; i++) t.dirty.set(rng.int(pages));
        const lost = naiveLost(t);
        assert.equal(t.lostPages(), lost.length);
        assert.equal(t.firstLostPage(), lost.length ? lost[0] : -1);
        const next = t.dirty.count();
        assert.equal(t.endPass(), next);
      }
      t.finishFinalCopy();
      assert.equal(t.lostPages(), 0);
      assert.equal(t.firstLostPage(), -1, 'bits past the last page are not pages');
    });
  }
});
