/**
 * What a Cluster Explorer item stands for, and its `contextValue`: the contract between the tree
 * (which builds items) and the commands (which act on them and are offered in menus).
 *
 * contextValue = kind, then state tokens, separated by ';' — e.g. `vm;running`,
 * `vm;running;migrating`, `node;paused`, `link;down`. Menus match with
 * `viewItem =~ /^vm;(.*;)?running(;|$)/` so a new token never breaks an existing menu.
 */
export type TargetKind =
  | 'cluster'
  | 'nodesFolder'
  | 'node'
  | 'vmsFolder'
  | 'vm'
  | 'networksFolder'
  | 'network'
  | 'link'
  | 'volumesFolder'
  | 'volume'
  | 'volumeAccess'
  | 'disksFolder'
  | 'disk';

/** The thing a command acts on when invoked from the tree. */
export interface Target {
  readonly kind: TargetKind;
  /** The VM, node, network or disk's name ('' for folders and the cluster). */
  readonly name: string;
  /** For a `link`: the node whose link to the network `name` this is. For a `volumeAccess`: the node. */
  readonly node?: string;
}

/** Items of the tree carry their target, so a command invoked on one knows what it is about. */
export interface HasTarget {
  readonly target: Target;
}

export function contextValue(kind: TargetKind, tokens: readonly (string | false | null | undefined)[] = []): string {
  return [kind, ...tokens.filter((t): t is string => typeof t === 'string' && t.length > 0)].join(';');
}

export function isHasTarget(x: unknown): x is HasTarget {
  return typeof x === 'object' && x !== null && 'target' in x && typeof (x as HasTarget).target?.kind === 'string';
}
