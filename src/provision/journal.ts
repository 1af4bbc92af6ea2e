// The append-only journal of apply/verify/revoke: every record is one JSON line, written and
// fsynced before the call it announces is sent (intent) and after its answer (result). A re-run
// reads it back to know what an interrupted run already did. Never holds a token or key value.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { findKeys } from '../catalog/index.js';
import { JOURNAL_VERSION, JournalRecord } from '../documents/journal.js';
import { InputError, SafetyError } from '../errors.js';

/** A record without the fields the journal fills in. */
export type JournalEntry = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'v' | 'at'> : never) : never;

export interface JournalReadResult {
  records: JournalRecord[];
  /** A last line cut short by a crash (ignored). */
  tornTail: boolean;
}

/** Read a journal; a missing file is empty. Only a torn last line is tolerated. */
export function readJournal(path: string): JournalReadResult {
  if (!existsSync(path)) return { records: [], tornTail: false };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  let tornTail = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const last = i === lines.length - 1 || lines.slice(i + 1).every((l) => l.trim() === '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (last) {
        tornTail = true;
        return;
      }
      throw new InputError(`journal ${path} line ${i + 1} is not JSON`, { hint: 'the journal is append-only; do not edit it by hand' });
    }
    const r = JournalRecord.safeParse(parsed);
    if (!r.success) {
      if (last) {
        tornTail = true;
        return;
      }
      throw new InputError(`journal ${path} line ${i + 1} is not a journal record: ${r.error.issues[0]!.message}`, {
        hint: 'pass the journal written by devin-migrate for this plan',
      });
    }
    records.push(r.data);
  });
  return { records, tornTail };
}

export class Journal {
  readonly path: string;
  readonly records: JournalRecord[];
  #fd: number | null = null;
  readonly #now: () => Date;

  private constructor(path: string, records: JournalRecord[], now: () => Date) {
    this.path = path;
    this.records = records;
    this.#now = now;
  }

  /** Open for appending (created 0600 if missing); the records already there are loaded. */
  static open(path: string, opts: { now?: () => Date } = {}): Journal {
    const { records } = readJournal(path);
    const j = new Journal(path, records, opts.now ?? (() => new Date()));
    const fd = openSync(path, 'a+', 0o600);
    // A crash may have left half a line: cut it off (its call was never sent: intents are
    // fsynced before sending), so the next record starts on a fresh line.
    const size = fstatSync(fd).size;
    if (size > 0) {
      const text = readFileSync(path);
      const end = text.lastIndexOf(0x0a) + 1;
      if (end < size) ftruncateSync(fd, end);
    }
    j.#fd = fd;
    return j;
  }

  /** Read-only view (dry runs): appending throws. */
  static readOnly(path: string): Journal {
    return new Journal(path, readJournal(path).records, () => new Date());
  }

  append(entry: JournalEntry): JournalRecord {
    if (this.#fd === null) throw new SafetyError(`journal ${this.path} is open read-only (dry run)`, { hint: 'this is a bug; report it' });
    const record = { v: JOURNAL_VERSION, at: this.#now().toISOString(), ...entry } as JournalRecord;
    const line = `${JSON.stringify(record)}\n`;
    // Belt and braces: a token must never reach the journal, whatever a caller passes.
    if (findKeys(line).length > 0) throw new SafetyError('refused to write a key or token value into the journal', { hint: 'this is a bug; report it' });
    writeSync(this.#fd, line);
    fsyncSync(this.#fd);
    this.records.push(record);
    return record;
  }

  close(): void {
    if (this.#fd !== null) {
      closeSync(this.#fd);
      this.#fd = null;
    }
  }

  /** What the journal says about one action. */
  stateOf(action: string): ActionJournalState {
    return actionState(this.records, action);
  }
}

export interface ActionJournalState {
  /** A create was announced (sent or about to be) by some run. */
  createIntended: boolean;
  /** The service user we created or adopted, latest first. */
  serviceUserId: string | null;
  /** Its token reached the secrets sink. */
  tokenStored: boolean;
  /** Rotations announced whose result was never recorded (a crash mid-rotate). */
  openRotations: number;
}

export function actionState(records: readonly JournalRecord[], action: string): ActionJournalState {
  const s: ActionJournalState = { createIntended: false, serviceUserId: null, tokenStored: false, openRotations: 0 };
  for (const r of records) {
    if (r.action !== action) continue;
    switch (r.event) {
      case 'create-intent':
        s.createIntended = true;
        break;
      case 'create-result':
        s.serviceUserId = r.serviceUserId;
        break;
      case 'found':
        if (r.ours) s.serviceUserId = r.serviceUserId;
        break;
      case 'rotate-intent':
        s.openRotations++;
        break;
      case 'rotate-result':
        s.openRotations = Math.max(0, s.openRotations - 1);
        s.serviceUserId = r.serviceUserId;
        break;
      case 'token-stored':
        s.tokenStored = true;
        s.serviceUserId = r.serviceUserId;
        break;
      default:
        break;
    }
  }
  return s;
}

/**
 * Check the journal's own invariants: a result follows its intent, a stored token follows a
 * create or rotate result, at most one service user per action. Returns the problems found.
 */
export function checkJournal(records: readonly JournalRecord[]): string[] {
  const problems: string[] = [];
  const intents = new Map<string, number>();
  const results = new Map<string, Set<string>>();
  const tokenSources = new Map<string, Set<string>>();
  for (const [i, r] of records.entries()) {
    const where = `record ${i + 1} (${r.event} ${r.action})`;
    switch (r.event) {
      case 'create-intent':
        intents.set(r.action, (intents.get(r.action) ?? 0) + 1);
        break;
      case 'create-result':
      case 'create-failed':
        if (!intents.get(r.action)) problems.push(`${where}: no create-intent before it`);
        if (r.event === 'create-result') {
          const set = results.get(r.action) ?? new Set();
          set.add(r.serviceUserId);
          results.set(r.action, set);
          tokenSources.set(r.action, new Set([...(tokenSources.get(r.action) ?? []), r.serviceUserId]));
        }
        break;
      case 'found':
        if (r.ours) {
          const set = results.get(r.action) ?? new Set();
          set.add(r.serviceUserId);
          results.set(r.action, set);
        }
        break;
      case 'rotate-result':
        tokenSources.set(r.action, new Set([...(tokenSources.get(r.action) ?? []), r.serviceUserId]));
        break;
      case 'token-stored':
        if (!tokenSources.get(r.action)?.has(r.serviceUserId)) problems.push(`${where}: no create-result or rotate-result for ${r.serviceUserId} before it`);
        break;
      default:
        break;
    }
  }
  for (const [action, ids] of results) if (ids.size > 1) problems.push(`${action}: ${ids.size} different service users (${[...ids].join(', ')})`);
  return problems;
}
