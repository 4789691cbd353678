/**
 * From the loader's diagnostics (offset and length in the text) to what the editor shows: a
 * 0-based range, a severity and a message. Free of `vscode` so that it is unit-tested on real
 * scenario texts; `scenarioDiagnostics.ts` only turns the result into `vscode.Diagnostic`s.
 *
 * Positions count UTF-16 code units, as JavaScript strings, jsonc-parser and VS Code all do, and
 * a line ends at "\r\n", "\n" or a lone "\r", as in VS Code's text model.
 */
import { findNodeAtLocation, findNodeAtOffset, parseTree, stripComments, type Node } from 'jsonc-parser';
import { lineStarts } from '../../engine/scenario/jsonText';
import { formatPath, type Diagnostic, type Severity } from '../../engine/scenario/diagnostics';

export interface EditorDiagnostic {
  /** 0-based, like `vscode.Position`. */
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly severity: Severity;
  /** The loader's message, then its hint: "Expected ..." for an error, "Consider ..." for a warning. */
  readonly message: string;
  /** The check's stable code, e.g. "unknown-name" or "single-cluster-network". */
  readonly code: string;
}

interface EditorDiagnosticOptions {
  /**
   * Leave out syntax errors (code "syntax"): in a `json`/`jsonc` editor VS Code's JSON language
   * service already reports each one at the same place. An empty file is still reported, since
   * that service accepts one.
   */
  readonly omitSyntax?: boolean;
}

/** The 0-based line and character of an offset (clamped to the text), as `TextDocument.positionAt`. */
export function positionAt(starts: readonly number[], textLength: number, offset: number): { line: number; character: number } {
  const at = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, textLength));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: at - starts[lo]! };
}

/**
 * The message as the editor shows it: the CLI's without the file and line (the range shows
 * them), and without the JSON path unless `where` is given.
 */
export function editorMessage(d: Diagnostic, where?: string): string {
  const message = /[.!?)]$/.test(d.message) ? d.message : `${d.message}.`;
  const hint = d.hint ? ` ${d.severity === 'error' ? 'Expected' : 'Consider'} ${d.hint.replace(/\.$/, '')}.` : '';
  return `${where ? `${where}: ` : ''}${message}${hint}`;
}

/** Maps the loader's diagnostics of `text` to editor ranges and messages, in the same order. */
export function toEditorDiagnostics(text: string, diagnostics: readonly Diagnostic[], options: EditorDiagnosticOptions = {}): EditorDiagnostic[] {
  const starts = lineStarts(text);
  let tree: Node | undefined | null = null; // parsed on first need: most files have no multi-line span
  const root = (): Node | undefined => {
    if (tree === null) tree = parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, [], { allowTrailingComma: true, disallowComments: false });
    return tree;
  };
  const keepSyntax = !options.omitSyntax || stripComments(text).trim() === '';

  const out: EditorDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code === 'syntax' && !keepSyntax) continue;
    let offset = d.offset ?? 0;
    let length = d.length ?? 0;
    let start = positionAt(starts, text.length, offset);
    let end = positionAt(starts, text.length, offset + length);
    if (end.line > start.line) {
      // A whole object or list (a disk, or the file itself when what is missing has no parent
      // yet): squiggling dozens of lines hides the rest of the file, so point at its name.
      const span = narrow(root(), offset, length);
      offset = span.offset;
      length = span.length;
      start = positionAt(starts, text.length, offset);
      end = positionAt(starts, text.length, offset + length);
    }
    out.push({
      startLine: start.line,
      startCharacter: start.character,
      endLine: end.line,
      endCharacter: end.character,
      severity: d.severity,
      message: editorMessage(d, pathNotInFile(root, d) ? formatPath(d.path) : undefined),
      code: d.code,
    });
  }
  return out;
}

/** Codes whose path is known not to exist, and whose message already says which key is missing. */
const PATH_IN_MESSAGE = new Set(['syntax', 'missing-property', 'internal']);

/**
 * True when the diagnostic is about a place the file does not have yet (a warning about
 * `settings.quorum` in a file without `settings`): the range then shows the nearest parent, and
 * the message says where the value would go.
 */
function pathNotInFile(root: () => Node | undefined, d: Diagnostic): boolean {
  if (d.path.length === 0 || PATH_IN_MESSAGE.has(d.code)) return false;
  const tree = root();
  return tree !== undefined && findNodeAtLocation(tree, [...d.path]) === undefined;
}

/**
 * A shorter span for an object or list that runs over several lines: the key of the property it
 * is the value of (`"networks"`), else its `"name"` when it is an entry of a list (a node, a disk),
 * else (the whole file) its opening bracket.
 */
function narrow(root: Node | undefined, offset: number, length: number): { offset: number; length: number } {
  let node = root ? findNodeAtOffset(root, offset) : undefined;
  while (node && !(node.offset === offset && node.length === length)) node = node.parent;
  if (!node || (node.type !== 'object' && node.type !== 'array')) return { offset, length };
  const parent = node.parent;
  const key = parent?.type === 'property' ? parent.children?.[0] : undefined;
  if (key) return { offset: key.offset, length: key.length };
  if (node.type === 'object' && parent?.type === 'array') {
    const name = findNodeAtLocation(node, ['name']);
    if (name?.type === 'string') return { offset: name.offset, length: name.length };
  }
  return { offset, length: 1 };
}
