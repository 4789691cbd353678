/**
 * The scenario loading pipeline, the one way into the engine from a file's text:
 *   syntax (jsonText) -> schema (schemaCheck) -> normalize -> semantic checks -> cluster warnings.
 * Each stage runs only when the one before found no error, because later stages assume what the
 * earlier ones check (normalize assumes a schema-valid shape, semantic checks a normalized
 * scenario) and their messages would only repeat the first mistake. Every diagnostic gets its
 * line, column, offset and length here, from its JSON path, so the checks need not know the text.
 */
import { formatDiagnostic, type Diagnostic } from './diagnostics';
import { lineColumns, locate, parseJsonText } from './jsonText';
import { checkListSizes, fileSizeError } from './limits';
import type { Scenario } from './model';
import { normalizeScenario } from './normalize';
import { checkRanges } from './ranges';
import { checkSchema } from './schemaCheck';
import { checkSemantics } from './semantic';
import { clusterWarnings } from './warnings';

export interface LoadResult {
  /** Null when any diagnostic is an error. */
  readonly scenario: Scenario | null;
  /** Errors and warnings, sorted by position in the file. */
  readonly diagnostics: Diagnostic[];
}

/**
 * The stages of a load, in order, as `loadScenario` reports them to an observer when each starts
 * ('done' when the result is ready): the benchmark times them; the engine itself reads no clock.
 */
export type LoadStage = 'parse' | 'lists' | 'schema' | 'normalize' | 'ranges' | 'semantic' | 'warnings' | 'positions' | 'done';

/** Diagnostics about a property name rather than its value: point at the key. */
const AT_KEY = new Set(['unknown-property', 'not-allowed', 'duplicate-key']);

/** Loads a scenario from the text of a *.cluster.json file. Never throws, whatever the text. */
export function loadScenario(text: string, observe?: (stage: LoadStage) => void): LoadResult {
  const input = typeof text === 'string' ? text : String(text);
  const stage = observe ?? ((): void => {});
  let parsed: ReturnType<typeof parseJsonText> | undefined;
  const finish = (diagnostics: Diagnostic[], scenario: Scenario | null): LoadResult => {
    stage('positions');
    const placed = position(input, parsed, diagnostics);
    const failed = placed.some((d) => d.severity === 'error');
    stage('done');
    return { scenario: failed ? null : scenario, diagnostics: placed };
  };
  try {
    // At its start, without reading the rest (not even for line starts).
    const tooLarge = fileSizeError(input.length);
    if (tooLarge) return { scenario: null, diagnostics: [{ ...tooLarge, line: 1, column: 1 }] };
    stage('parse');
    parsed = parseJsonText(input);
    if (parsed.diagnostics.some((d) => d.code === 'syntax')) return finish(parsed.diagnostics, null);

    // A list far past its limit is one message, not one per entry from the schema.
    stage('lists');
    const tooMany = checkListSizes(parsed.value);
    if (tooMany.length > 0) return finish([...parsed.diagnostics, ...tooMany], null);

    stage('schema');
    const schemaErrors = [...parsed.diagnostics, ...checkSchema(parsed.value)];
    if (schemaErrors.length > 0) return finish(schemaErrors, null);

    stage('normalize');
    const { scenario, diagnostics } = normalizeScenario(parsed.value);
    if (diagnostics.length > 0) return finish(diagnostics, null);

    stage('ranges');
    const outOfRange = checkRanges(scenario, parsed.value);
    if (outOfRange.length > 0) return finish(outOfRange, null);

    stage('semantic');
    const semantic = guarded('semantic checks', () => checkSemantics(scenario));
    if (semantic.some((d) => d.severity === 'error')) return finish(semantic, null);

    // Cluster-validation warnings assume a scenario whose names all resolve, so they come last.
    stage('warnings');
    return finish([...semantic, ...guarded('cluster validation', () => clusterWarnings(scenario))], scenario);
  } catch (e) {
    return finish([internalError('loading', e)], null);
  }
}

function internalError(stage: string, e: unknown): Diagnostic {
  const why = e instanceof Error ? e.message : String(e);
  return { severity: 'error', code: 'internal', path: [], message: `internal error in ${stage}: ${why} (please report this with the file)` };
}

/** A check that throws is a bug in the check, not in the file: report it instead of crashing. */
function guarded(stage: string, check: () => Diagnostic[]): Diagnostic[] {
  try {
    return check();
  } catch (e) {
    return [internalError(stage, e)];
  }
}

/** Fills in offset, length, line and column (keeping any the stage gave) and sorts by position. */
function position(text: string, parsed: ReturnType<typeof parseJsonText> | undefined, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Every path is located in one go (one scan of the text, for a strict JSON file), and so are
  // the lines and columns.
  const unplaced = diagnostics.filter((d) => d.offset === undefined);
  const requests = unplaced.map((d) => ({ path: d.path, target: AT_KEY.has(d.code) ? ('key' as const) : ('value' as const) }));
  const spans = parsed ? parsed.locateAll(requests) : requests.map((r) => locate(undefined, r.path, r.target));
  const spanOf = new Map(unplaced.map((d, i) => [d, spans[i]!]));
  const spanned = diagnostics.map((d) => {
    const span = d.offset === undefined ? spanOf.get(d)! : null;
    return { d, offset: span ? span.offset : d.offset!, length: span ? span.length : d.length };
  });
  const lines = lineColumns(text, spanned.map((x) => x.offset));
  const placed = spanned.map(({ d, offset, length }, index) => {
    const { line, column } = lines[index]!;
    return { d: { ...d, offset, length: length ?? 0, line, column }, index };
  });
  // Stable: same position keeps the order the stages found them in.
  placed.sort((a, b) => a.d.offset - b.d.offset || a.index - b.index);
  const sorted = placed.map((p) => p.d);
  if (sorted.length <= MAX_DIAGNOSTICS) return sorted;
  // A file wrong everywhere gets its first mistakes and a count, not a wall of text.
  const first = sorted[MAX_DIAGNOSTICS] as Diagnostic;
  const rest = sorted.length - MAX_DIAGNOSTICS;
  const errors = sorted.slice(MAX_DIAGNOSTICS).filter((d) => d.severity === 'error').length;
  const more: Diagnostic = {
    severity: errors > 0 ? 'error' : 'warning',
    code: 'more-problems',
    path: first.path,
    message: `${rest} more problem${rest === 1 ? '' : 's'} from here on, not listed: fix the ones above first`,
    offset: first.offset,
    length: first.length,
    line: first.line,
    column: first.column,
  };
  return [...sorted.slice(0, MAX_DIAGNOSTICS), more];
}

/** Diagnostics listed for one file at most; the rest are counted in one last message. */
export const MAX_DIAGNOSTICS = 100;

/** Every diagnostic on its own line, in the `file:line:column: severity: $.path: message` form. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], file: string): string {
  return diagnostics.map((d) => formatDiagnostic(d, file)).join('\n');
}
