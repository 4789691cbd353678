/**
 * Checks a parsed scenario against schemas/scenario.schema.json, the same schema VS Code uses
 * while the user types, so the editor and the CLI never disagree about what is valid. ajv's own
 * messages ("must have required property 'to'") are rewritten in the user's words, with the
 * JSON path of the offending value, and the cascades ajv produces for if/then and anyOf are
 * dropped so that each mistake is reported once.
 */
import type { ErrorObject } from 'ajv';
import validate from './generated/scenarioValidator';
import validatorOptions from './validatorOptions.json';
import { ACTIONS, isActionKind } from './actions';
import type { Diagnostic } from './diagnostics';
import { listLimitMessage } from './limits';
import type { JsonPath } from './model';
import { didYouMean, listWords } from './suggest';
import { parseQuantity, type QuantityKind } from './units';

/** Keywords the schema carries for VS Code only; ajv is told they are annotations. */
// Keywords VS Code's JSON service understands (allowTrailingCommas lets *.cluster.json files use
// the trailing commas our loader accepts); ajv only needs to know they are not typos.
export const EDITOR_KEYWORDS: string[] = validatorOptions.editorKeywords;

// The schema is compiled at build time, not here: scripts/schemaValidator.mjs generates
// ./generated/scenarioValidator.js with ajv's standalone code and the options of
// validatorOptions.json (allErrors and verbose, which the messages below read; strict off, so a
// schema edit that strict mode dislikes does not stop the loader: the schema test compiles it in
// strict mode instead). Compiling it at every start took most of the CLI's start-up.

const QUANTITY_DEF = /^#\/definitions\/(time|size|bandwidth|memoryWrites)\//;

/** Why each required property is needed, by where the object is ("vms.*" = any VM). */
const REQUIRED_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': { nodes: 'a cluster needs its nodes', networks: 'a cluster needs at least one cluster network' },
  'nodes.*': { name: 'every node needs a name', memory: 'a node needs the memory it can give to VMs' },
  'networks.*': { name: 'every cluster network needs a name' },
  'disks.*': { name: 'every disk needs a name', size: 'a disk needs its size, so that the VHDs on it can be checked to fit' },
  'vms.*': {
    name: 'every virtual machine needs a name',
    owner: 'a VM needs the owner node it starts on',
    memory: 'a VM needs its memory size',
    disk: 'a VM needs the cluster disk or Cluster Shared Volume that holds its VHD',
  },
  'settings.quorum': {
    model: 'a quorum object needs its model',
    witness: 'Node and Disk Majority and No Majority: Disk Only need the witness disk',
    fileShareWitness: 'Node and File Share Majority needs its file share witness, { "network": "<the network its file server is on>" }',
  },
  'settings.quorum.fileShareWitness': { network: 'a file share witness needs the network over which the nodes reach its file server' },
  'vms.*.workload': { memoryWrites: 'a workload written out needs its rate of memory writes' },
  'timeline.*.workload': { memoryWrites: 'a workload written out needs its rate of memory writes' },
  'timeline.*': { at: 'every timeline event needs the time "at" which it happens', do: 'every timeline event needs an action "do"' },
  'expect.*': { disk: 'an expectation names the "vm" or the "disk" it checks' },
};

const VM_CHECKS = ['maxBlackout', 'endsOn', 'noClientDisconnects', 'maxPasses', 'state', 'maxDowntime', 'migrationOutcome', 'stopReason'];
const DISK_CHECKS = ['redirected', 'coordinator'];

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ ... ]',
  object: 'an object { ... }',
  null: 'null',
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return String(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(type: unknown, value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = jsonType(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

/** `/vms/0/memory` -> ['vms', 0, 'memory'], numbers only where the data is a list. */
function toPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      path.push(i);
      cur = cur[i];
    } else {
      path.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** "vms.*.workload": where an object is, independent of list positions. */
function context(path: JsonPath): string {
  return path.map((s) => (typeof s === 'number' ? '*' : s)).join('.');
}

function requiredReason(path: JsonPath, missing: string, data: unknown): string | undefined {
  const ctx = context(path);
  if (ctx === 'timeline.*') {
    const action = (valueAt(data, path) as Record<string, unknown> | undefined)?.do;
    if (isActionKind(action)) {
      const info = ACTIONS[action];
      const need = info.needs[missing as keyof typeof info.needs];
      if (need) return `${info.noun} needs ${need}`;
    }
  }
  return REQUIRED_REASONS[ctx]?.[missing];
}

function notAllowed(path: JsonPath, key: string, data: unknown): { message: string; hint?: string } {
  const parent = path.slice(0, -1);
  const ctx = context(parent);
  const obj = valueAt(data, parent) as Record<string, unknown> | undefined;
  if (ctx === 'timeline.*' && isActionKind(obj?.do)) {
    const fields = [...ACTIONS[obj.do].fields, ...(ACTIONS[obj.do].optional ?? [])];
    return { message: `${obj.do} does not take "${key}"`, hint: `the fields ${listWords(['at', 'do', ...fields], 'and')}` };
  }
  if (ctx === 'expect.*') {
    if (key === 'disk') return { message: 'an expectation checks one VM or one disk, not both: split it into two entries' };
    if (DISK_CHECKS.includes(key)) return { message: `"${key}" checks a disk, not a VM`, hint: `one of ${listWords(VM_CHECKS)} with "vm"` };
    if (VM_CHECKS.includes(key)) return { message: `"${key}" checks a VM: name it with "vm"`, hint: `one of ${listWords(DISK_CHECKS)} with "disk"` };
  }
  if (ctx === 'settings.quorum' && key === 'witness') {
    return { message: 'a witness disk is only used with "model": "nodeAndDiskMajority" or "diskOnly"', hint: 'no "witness" here, or one of those models' };
  }
  if (ctx === 'settings.quorum' && key === 'fileShareWitness') {
    return { message: 'a file share witness is only used with "model": "nodeAndFileShareMajority"', hint: 'no "fileShareWitness" here, or that model' };
  }
  return { message: `"${key}" is not allowed here` };
}

function expectationShape(keyword: string, path: JsonPath, data: unknown): { message: string; hint?: string } {
  const obj = valueAt(data, path) as Record<string, unknown> | undefined;
  const onVm = obj !== undefined && 'vm' in obj;
  const checks = onVm ? VM_CHECKS : DISK_CHECKS;
  if (keyword === 'minProperties') {
    return { message: `nothing to check: add what to expect of this ${onVm ? 'VM' : 'disk'}`, hint: `one of ${listWords(checks)}` };
  }
  return { message: 'one expectation per entry: split these checks into separate entries' };
}

interface Mapped {
  readonly diagnostic: Diagnostic;
  readonly keyword: string;
  /** For an unknown property: the allowed name it probably misspells. */
  readonly suggested?: string;
}

function mapError(e: ErrorObject, data: unknown): Mapped | null {
  const path = toPath(e.instancePath, data);
  const value = e.data;
  const at = (code: string, p: JsonPath, message: string, hint?: string): Mapped => ({
    keyword: e.keyword,
    diagnostic: { severity: 'error', code, path: p, message, ...(hint ? { hint } : {}) },
  });

  const quantity = QUANTITY_DEF.exec(e.schemaPath);
  if (quantity) {
    const r = parseQuantity(quantity[1] as QuantityKind, value);
    // A valid quantity cannot fail its own definition; fall through to ajv's words if it did.
    if (!r.ok) return at('bad-quantity', path, r.message, r.hint);
  }

  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const reason = requiredReason(path, missing, data);
      return at('missing-property', [...path, missing], reason ? `missing "${missing}": ${reason}` : `missing "${missing}"`);
    }
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const allowed = Object.keys(props);
      const guess = didYouMean(extra, allowed);
      const message = `unknown property "${extra}"${guess ? `; did you mean "${guess}"?` : ''}`;
      const mapped = at('unknown-property', [...path, extra], message, allowed.length > 0 ? `one of ${listWords(allowed)}` : undefined);
      return guess ? { ...mapped, suggested: guess } : mapped;
    }
    case 'false schema': {
      const key = String(path[path.length - 1]);
      const { message, hint } = notAllowed(path, key, data);
      return at('not-allowed', path, message, hint);
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const ctx = context(path);
      if (ctx === 'settings.quorum' && (value === 'nodeAndDiskMajority' || value === 'diskOnly')) {
        const model = value === 'diskOnly' ? 'No Majority: Disk Only' : 'Node and Disk Majority';
        return at('invalid-value', path, `${model} needs a witness disk: write it as an object`, `{ "model": "${value}", "witness": "<disk>" }`);
      }
      if (ctx === 'settings.quorum' && value === 'nodeAndFileShareMajority') {
        return at('invalid-value', path, 'Node and File Share Majority needs a file share witness: write it as an object', '{ "model": "nodeAndFileShareMajority", "fileShareWitness": { "network": "<network>" } }');
      }
      const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      const key = path[path.length - 1];
      const what =
        ctx === 'timeline.*.do'
          ? `unknown action ${describe(value)}`
          : `${describe(value)} is not a valid ${typeof key === 'string' ? key : 'value here'}`;
      return at('invalid-value', path, `${what}${guess ? `; did you mean "${guess}"?` : ''}`, `one of ${listWords(allowed)}`);
    }
    case 'type': {
      const want = (e.params as { type: string | string[] }).type;
      const words = (Array.isArray(want) ? want : [want]).map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      if (path.length === 0) return at('wrong-type', path, `a scenario file holds one JSON object { ... }, found ${describe(value)}`);
      return at('wrong-type', path, `expected ${words}, found ${describe(value)}`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = (e.params as { limit: number }).limit;
      const rel = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[e.keyword];
      return at('out-of-range', path, `must be ${rel} ${limit}, found ${describe(value)}`);
    }
    case 'minItems':
      return at('too-few', path, 'must list at least one entry');
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      const later = Math.max(i, j);
      const item = Array.isArray(value) ? value[later] : undefined;
      return at('duplicate-item', [...path, later], `${describe(item)} is listed more than once`);
    }
    case 'minLength':
      return at('empty', path, 'must not be empty');
    case 'maxLength': {
      const limit = (e.params as { limit: number }).limit;
      const length = typeof value === 'string' ? value.length : 0;
      const what = context(path) === 'description' ? 'the description' : 'a name';
      return at('too-long', path, `${describe(value)} is ${length} characters long; ${what} is at most ${limit} characters`, `at most ${limit} characters`);
    }
    case 'maxItems': {
      const limit = (e.params as { limit: number }).limit;
      const count = Array.isArray(value) ? value.length : 0;
      return at('too-many', path, listLimitMessage(context(path), count, limit), `at most ${limit} entries`);
    }
    case 'minProperties':
    case 'maxProperties': {
      if (context(path) === 'expect.*') {
        const { message, hint } = expectationShape(e.keyword, path, data);
        return at('expectation-shape', path, message, hint);
      }
      return at('invalid-value', path, e.message ?? 'has the wrong number of properties');
    }
    case 'pattern': {
      // The schema's patternErrorMessage (which VS Code shows too) says what a valid value looks like.
      const parent = e.parentSchema as { patternErrorMessage?: string } | undefined;
      const key = path[path.length - 1];
      return at('invalid-value', path, `${describe(value)} is not a valid ${typeof key === 'string' ? key : 'value here'}`, parent?.patternErrorMessage);
    }
    case 'if':
      // "must match then schema": the then branch's own errors say what is wrong.
      return null;
    default:
      return at('invalid-value', path, e.message ?? `fails the schema's ${e.keyword} rule`);
  }
}

/**
 * anyOf (quorum as a string or an object, a workload as a preset or numbers): keep the errors of
 * the branch whose type matches the value and drop the others; when no branch has the value's
 * type, say what the alternatives are, once.
 */
function resolveAnyOf(errors: ErrorObject[]): { kept: ErrorObject[]; extra: ErrorObject[] } {
  const drop = new Set<ErrorObject>();
  const extra: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    drop.add(e);
    const branches = Array.isArray(e.schema) ? (e.schema as Array<Record<string, unknown>>) : [];
    const match = branches.findIndex((b) => b !== null && typeof b === 'object' && typeMatches(b.type, e.data));
    const prefix = `${e.schemaPath}/`;
    for (const other of errors) {
      if (other === e || !other.schemaPath.startsWith(prefix)) continue;
      if (match < 0 || !other.schemaPath.startsWith(`${prefix}${match}/`)) drop.add(other);
    }
    if (match < 0) {
      const alternatives = branches.map((b) =>
        Array.isArray(b.enum) ? listWords(b.enum.map(String)) : TYPE_WORDS[String(b.type)] ?? String(b.type),
      );
      extra.push({ ...e, keyword: 'type', params: { type: [] }, message: `expected ${alternatives.join(' or ')}` });
    }
  }
  return { kept: errors.filter((e) => !drop.has(e)), extra };
}

/** Schema errors as Diagnostics (without positions; the loader adds them). Never throws on any value. */
export function checkSchema(data: unknown): Diagnostic[] {
  if (validate(data)) return [];
  const { kept, extra } = resolveAnyOf([...(validate.errors ?? [])]);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const mapped = kept.map((e) => mapError(e, data)).filter((m): m is Mapped => m !== null);
  // "too" next to a missing "to" is one mistake, not two: keep only the did-you-mean.
  const misspelt = new Set(
    mapped.filter((m) => m.suggested !== undefined).map((m) => JSON.stringify([...m.diagnostic.path.slice(0, -1), m.suggested])),
  );
  for (const m of mapped) {
    if (m.diagnostic.code === 'missing-property' && misspelt.has(JSON.stringify(m.diagnostic.path))) continue;
    push(m.diagnostic);
  }
  for (const e of extra) {
    const path = toPath(e.instancePath, data);
    push({ severity: 'error', code: 'wrong-type', path, message: `${e.message ?? 'wrong type'}, found ${describe(e.data)}` });
  }
  return out;

  function push(d: Diagnostic): void {
    // One message per place: ajv can reach the same mistake through two schema paths.
    const key = `${JSON.stringify(d.path)}\u0000${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(d);
  }
}
