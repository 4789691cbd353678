import { strict as assert } from 'node:assert';
import { Signal } from '../../../src/engine/kernel';

describe('Signal (typed hooks)', () => {
  it('tells every listener, in the order they connected, with the arguments announced', () => {
    const signal = new Signal<[string, number]>();
    const seen: string[] = [];
    signal.connect((a, b) => seen.push(`first ${a} ${b}`));
    signal.connect((a, b) => seen.push(`second ${a} ${b}`));
    signal.emit('x', 1);
    assert.deepEqual(seen, ['first x 1', 'second x 1']);
  });

  it('stops telling a listener once disconnected, and the others go on', () => {
    const signal = new Signal<[number]>();
    const seen: string[] = [];
    const off = signal.connect((n) => seen.push(`a${n}`));
    signal.connect((n) => seen.push(`b${n}`));
    signal.emit(1);
    off();
    off();
    signal.emit(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
  });

  it('a listener that connects or disconnects another while it is told changes the next announcement, not this one', () => {
    const signal = new Signal<[number]>();
    const seen: string[] = [];
    let offB: () => void = () => undefined;
    signal.connect((n) => {
      seen.push(`a${n}`);
      if (n === 1) {
        offB();
        signal.connect((m) => seen.push(`c${m}`));
      }
    });
    offB = signal.connect((n) => seen.push(`b${n}`));
    signal.emit(1);
    signal.emit(2);
    assert.deepEqual(seen, ['a1', 'b1', 'a2', 'c2']);
  });
});
