// Collects one transform's edits and markers: drops an edit that would overlap one already
// taken (the first, most specific rewrite wins; the file stays parseable), and adds a marker
// once per line and message.
import { ts } from './ts.cjs';
import { markerEdit } from './markers.js';
import type { Edit, TransformOutput } from './types.js';

export class EditSet {
  readonly edits: Edit[] = [];
  readonly markers: string[] = [];
  private readonly markerKeys = new Set<string>();
  /** Nodes a transform has dealt with (edited or marked), so a later fallback pass skips them. */
  readonly handled = new Set<ts.Node>();

  constructor(
    readonly text: string,
    readonly sourceFile: ts.SourceFile,
  ) {}

  get eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** Take an edit unless it overlaps one already taken; returns whether it was taken. */
  add(edit: Edit): boolean {
    if (edit.start === edit.end && edit.text === '') return false;
    for (const e of this.edits) {
      const insertA = e.start === e.end;
      const insertB = edit.start === edit.end;
      if (insertA && insertB) continue;
      if (insertA ? edit.start < e.start && e.start < edit.end : insertB ? e.start < edit.start && edit.start < e.end : edit.start < e.end && e.start < edit.end) {
        return false;
      }
    }
    this.edits.push(edit);
    return true;
  }

  /** Take several edits only if all of them fit. */
  addAll(edits: readonly Edit[]): boolean {
    const probe = new EditSet(this.text, this.sourceFile);
    probe.edits.push(...this.edits);
    for (const e of edits) if (!probe.add(e)) return false;
    for (const e of edits) this.add(e);
    return true;
  }

  /** A replacement already taken covers `node` (it was rewritten as part of something larger). */
  covers(node: ts.Node): boolean {
    const start = node.getStart(this.sourceFile);
    return this.edits.some((e) => e.start < e.end && e.start <= start && node.end <= e.end);
  }

  replace(node: ts.Node, text: string): boolean {
    return this.add({ start: node.getStart(this.sourceFile), end: node.end, text });
  }

  /** A marker above the statement that holds `node` (once per line and message). */
  marker(node: ts.Node, message: string): void {
    const anchor = statementOf(node);
    const edit = markerEdit(this.text, this.sourceFile, anchor, message);
    if (!edit) return;
    const key = `${edit.start}|${edit.text}`;
    if (this.markerKeys.has(key)) return;
    if (!this.add(edit)) return;
    this.markerKeys.add(key);
    this.markers.push(message);
  }

  result(): TransformOutput {
    return { edits: this.edits, markers: this.markers };
  }
}

/** The statement (or class member) that holds `node`: where a marker line can go. */
export function statementOf(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent) {
    const p = n.parent;
    if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isClassLike(p)) return n;
    if (ts.isInterfaceDeclaration(p) || ts.isTypeLiteralNode(p)) return n; // a type member: its own line
    n = p;
  }
  return n;
}

/**
 * The same edit over the smallest range: the common start and end of the old and new text are
 * left alone. A URL rewrite then stays clear of a query-parameter rename in the same literal, so
 * the two can be merged onto one tree (see transformText).
 */
export function narrowEdit(text: string, edit: Edit): Edit {
  const old = text.slice(edit.start, edit.end);
  const max = Math.min(old.length, edit.text.length);
  let head = 0;
  while (head < max && old.charCodeAt(head) === edit.text.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < max - head && old.charCodeAt(old.length - 1 - tail) === edit.text.charCodeAt(edit.text.length - 1 - tail)) tail++;
  if (head === 0 && tail === 0) return edit;
  return { start: edit.start + head, end: edit.end - tail, text: edit.text.slice(head, edit.text.length - tail) };
}
