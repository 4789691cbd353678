/**
 * Deterministic mutations of scenario files for the fuzz suite: on the parsed JSON (wrong types,
 * missing fields, huge and negative numbers, unknown names, deep nesting, long lists, unicode,
 * very long strings) and on the text (truncations, random edits, duplicated keys, comments, line
 * ends). Everything is drawn from one seeded generator, so a failing case is replayed from its
 * seed and index alone.
 */

/** mulberry32: small, fast, good enough to pick mutations; the same seed gives the same cases. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Json = unknown;
type Path = (string | number)[];

const QUANTITIES = [
  '0s', '0ms', '-5s', '1e3s', '720h', '721h', '99999999999999999999h', 'NaN s', 'Infinity', '1 s', '1  s', '5 min', '10S', '.5s', '5.s',
  '0B', '1B', '8GiB', '8 gib', '1TiB', '1.0001TiB', '2TiB', '24TiB', '25TiB', '9999999TiB', '-8GiB', '1e9GiB',
  '0bps', '1bps', '1Gbps', '1gbps', '10Tbps', '256MiB/s', '-1MB/s', '5000 pages/s', '0 pages/s', '1e400MB/s',
  '', ' ', '8GiB ', '\u00a08GiB',
];

const NAMES = ['HV01', 'HV02', 'hv01', 'NOPE', 'fabric', 'Fabric', 'Cluster', 'LAN', 'iSCSI', 'CSV1', 'Cluster Disk 1', 'SQL01', '__proto__', 'constructor', 'toString'];

const UNICODE = ['名前', 'Ünïcödé', '\u0000', '\u0007bell', 'line\nbreak', 'tab\there', '\ud800', '\udfff', '😀💥', '\u202eRTL', '<img src=x onerror=alert(1)>', '"; rm -rf /', '\\', '\u2028'];

/** A value that does not belong where it is put, most of the time. */
export function hostileValue(rng: Rng): Json {
  switch (rng.int(14)) {
    case 0:
      return rng.pick([0, -1, 1, 1.5, -0.5, 1e308, -1e308, 2 ** 53 + 1, 4294967296, 1e-320, 65, 8001, 10001]);
    case 1:
      return rng.pick([true, false, null]);
    case 2:
      return [];
    case 3:
      return {};
    case 4:
      return rng.pick(QUANTITIES);
    case 5:
      return rng.pick(NAMES);
    case 6:
      return rng.pick(UNICODE);
    case 7:
      return 'x'.repeat(rng.pick([255, 256, 257, 1000, 100_000]));
    case 8:
      return [rng.pick(NAMES), rng.pick(NAMES)];
    case 9:
      return { name: rng.pick(NAMES), memory: rng.pick(QUANTITIES) };
    case 10:
      return rng.pick(['running', 'off', 'saved', 'paused', 'idle', 'web', 'database', 'memoryIntensive', 'nodeMajority', 'cluster', 'none', 'chkdsk']);
    case 11:
      return { model: 'nodeAndDiskMajority', witness: rng.pick(NAMES) };
    case 12:
      return { memoryWrites: rng.pick(QUANTITIES), workingSet: rng.pick(QUANTITIES), hotShare: rng.pick([0, 1, -1, 2, 0.5]), diskIo: rng.pick(QUANTITIES) };
    default:
      return rng.pick(['', '   ', 'true', '0', 'null', '[]', '{}']);
  }
}

/** Paths to values in the document (the root excluded): the first 5,000, at most 12 levels deep. */
function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (out.length >= 5000 || prefix.length >= 12) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      paths(v, [...prefix, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      paths(v, [...prefix, k], out);
    }
  }
  return out;
}

function parentOf(root: Json, path: Path): Record<string | number, Json> {
  let cur = root as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, Json>;
  return cur;
}

/** Sets a key as an own property, even "__proto__" (plain assignment would change the prototype). */
function put(target: Record<string | number, Json>, key: string | number, value: Json): void {
  if (Array.isArray(target)) target[key as number] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nest(value: Json, depth: number, rng: Rng): Json {
  let v = value;
  for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { a: v };
  return v;
}

/** One structural mutation of a parsed scenario (in place), described in words for a failure message. */
export function mutateJson(root: Record<string, Json>, rng: Rng): string {
  const all = paths(root);
  const path = all.length > 0 ? rng.pick(all) : ['name'];
  const parent = parentOf(root, path);
  const key = path[path.length - 1]!;
  const at = JSON.stringify(path);
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2: {
      const v = hostileValue(rng);
      put(parent, key, v);
      return `${at} = ${JSON.stringify(v)?.slice(0, 60)}`;
    }
    case 3:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return `delete ${at}`;
    case 4: {
      const k = rng.pick(['extra', 'nmae', '__proto__', 'constructor', 'Name', '', ' ', '名前']);
      const target = parent[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) put(target as Record<string, Json>, k, hostileValue(rng));
      else if (!Array.isArray(parent)) put(parent, k, hostileValue(rng));
      return `add key ${JSON.stringify(k)} at ${at}`;
    }
    case 5:
      if (Array.isArray(parent)) {
        parent.push(structuredClone(parent[key as number]));
        return `duplicate ${at}`;
      }
      return `noop ${at}`;
    case 6: {
      const depth = rng.pick([3, 20, 99, 101, 150, 2000]);
      put(parent, key, nest(parent[key], depth, rng));
      return `nest ${at} ${depth} deep`;
    }
    case 7: {
      // A long list, to the limits and past them.
      const list = rng.pick(['nodes', 'networks', 'disks', 'vms', 'timeline', 'expect']);
      const items = Array.isArray(root[list]) ? (root[list] as Json[]) : [];
      const n = rng.pick([33, 65, 257]);
      const sample = items.length > 0 ? items[0] : hostileValue(rng);
      put(root, list, Array.from({ length: n }, () => sample));
      return `${list} x ${n}`;
    }
    case 8: {
      const other = all.length > 0 ? rng.pick(all) : path;
      const a = parent[key];
      const otherParent = parentOf(root, other);
      const b = otherParent[other[other.length - 1]!];
      put(parent, key, structuredClone(b));
      put(otherParent, other[other.length - 1]!, structuredClone(a));
      return `swap ${at} and ${JSON.stringify(other)}`;
    }
    default: {
      if (typeof parent[key] === 'string') {
        put(parent, key, rng.pick(NAMES));
        return `rename ${at}`;
      }
      put(parent, key, rng.pick(QUANTITIES));
      return `quantity ${at}`;
    }
  }
}

const EDIT_PIECES = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-1', '1e999', 'null', 'true', '"8GiB"', '"x"', '//', '/*', '*/', '\n', '\r', ' ', '\t', '\u0000', '\ufeff', '\ud800', '😀', 'é', '"name": "dup",', '{}', '[]'];

/** One edit of the file's text, described in words. */
export function mutateText(text: string, rng: Rng): { text: string; what: string } {
  switch (rng.int(7)) {
    case 0: {
      const cut = rng.int(text.length + 1);
      return { text: text.slice(0, cut), what: `truncate at ${cut}` };
    }
    case 1:
    case 2: {
      let t = text;
      const edits = 1 + rng.int(5);
      for (let i = 0; i < edits; i++) {
        const at = rng.int(t.length + 1);
        const del = rng.int(6);
        t = t.slice(0, at) + (rng.chance(0.8) ? rng.pick(EDIT_PIECES) : '') + t.slice(at + del);
      }
      return { text: t, what: `${edits} random edits` };
    }
    case 3: {
      // A key given twice: after an object's "{", repeat its first key.
      const braces = [...text.matchAll(/\{\s*("[^"]+"\s*:)/g)];
      if (braces.length === 0) return { text, what: 'no object' };
      const m = rng.pick(braces);
      const at = (m.index ?? 0) + 1;
      return { text: `${text.slice(0, at)} ${m[1]} "dup", ${text.slice(at)}`, what: `duplicate key ${m[1]}` };
    }
    case 4:
      return { text: text.replace(/\n/g, rng.pick(['\r\n', '\r', '\n\n'])), what: 'line ends' };
    case 5:
      return { text: `${rng.pick(['\ufeff', '// comment\n', '/* c */', ' '])}${text}${rng.pick(['', '\n', ' // end', ',', '}', 'x'])}`, what: 'prefix and suffix' };
    default: {
      const at = rng.int(text.length + 1);
      const piece = rng.pick(UNICODE);
      return { text: text.slice(0, at) + piece + text.slice(at), what: `unicode at ${at}` };
    }
  }
}
