// Where new service-user tokens go, the moment they exist: a 0600 file (.env lines or JSON,
// rewritten atomically) and/or a command that reads the token on stdin. Never stdout, never the
// journal or the plan. A file inside a git work tree must be git-ignored.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { redactText } from '../catalog/index.js';
import { InputError, SafetyError } from '../errors.js';

export type SecretsFormat = 'env' | 'json';

export interface TokenRecord {
  /** Service-user name. */
  name: string;
  serviceUserId: string;
  scope: 'org' | 'enterprise';
  orgId: string | null;
  roleId: string;
  /** The key id when known (rotations), else null. */
  apiKeyId: string | null;
}

/** A failure to hand a token over; the run stops before the next creation. */
export class SecretsSinkError extends SafetyError {}

/** `migrated-jane-platform` -> `DEVIN_TOKEN_MIGRATED_JANE_PLATFORM`. */
export function envVarName(serviceUserName: string): string {
  const body = serviceUserName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `DEVIN_TOKEN_${body || 'X'}`;
}

/**
 * Refuse a secrets path that git could pick up: inside a work tree and not ignored (a tracked
 * file is never "ignored"). Outside any work tree, or without git, anything goes.
 */
export function checkSecretsPath(path: string): void {
  const abs = resolve(path);
  const dir = dirname(abs);
  if (!existsSync(dir)) throw new InputError(`the folder of the secrets file ${path} does not exist`, { hint: 'create it first, outside any git work tree or git-ignored' });
  if (existsSync(abs)) {
    const st = lstatSync(abs);
    if (!st.isFile()) throw new SafetyError(`the secrets file ${path} exists and is not a regular file`, { hint: 'pass a plain file path' });
    if ((st.mode & 0o077) !== 0) {
      throw new SafetyError(`the secrets file ${path} can be read by others (mode ${(st.mode & 0o777).toString(8)})`, {
        hint: `run chmod 600 ${path}, or pass a new file`,
      });
    }
  }
  const inside = spawnSync('git', ['-C', dir, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' });
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== 'true') return;
  const ignored = spawnSync('git', ['-C', dir, 'check-ignore', '-q', '--', basename(abs)], { encoding: 'utf8' });
  if (ignored.status === 0) return;
  throw new SafetyError(`the secrets file ${path} is inside a git work tree and not git-ignored`, {
    hint: `add it to .gitignore, or write it outside the repository (e.g. ~/.config/devin-migrate/tokens.env)`,
  });
}

/** Write a file atomically with mode 0600: temp file, fsync, rename, fsync of the folder. */
export function writeSecretFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dfd = openSync(dirname(path), 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Not every platform lets a folder be fsynced; the rename is done either way.
  }
}

export interface TokenSink {
  /** `file:<path>` or `cmd`. */
  readonly label: string;
  store(record: TokenRecord, token: string): Promise<void>;
}

/** One line per service user, `DEVIN_TOKEN_<NAME>=<token>`; other lines are kept; a new token replaces the old line. */
export class EnvFileSink implements TokenSink {
  readonly label: string;
  constructor(readonly path: string) {
    this.label = `file:${path}`;
  }
  async store(record: TokenRecord, token: string): Promise<void> {
    const name = envVarName(record.name);
    const lines = existsSync(this.path) ? readFileSync(this.path, 'utf8').split('\n').filter((l) => l !== '') : [];
    const comment = `# ${record.name} (${record.serviceUserId}, ${record.scope}${record.orgId ? ` ${record.orgId}` : ''}, role ${record.roleId})`;
    const kept: string[] = [];
    for (const l of lines) {
      if (l.startsWith(`${name}=`)) {
        // Drop the old value and the comment line written with it.
        if (kept[kept.length - 1]?.startsWith(`# ${record.name} (`)) kept.pop();
        continue;
      }
      kept.push(l);
    }
    kept.push(comment, `${name}=${token}`);
    writeSecretFileAtomic(this.path, `${kept.join('\n')}\n`);
  }
}

/** `{ "<name>": { envVar, serviceUserId, scope, orgId, roleId, apiKeyId, token } }`, rewritten atomically. */
export class JsonFileSink implements TokenSink {
  readonly label: string;
  constructor(readonly path: string) {
    this.label = `file:${path}`;
  }
  async store(record: TokenRecord, token: string): Promise<void> {
    let doc: Record<string, unknown> = {};
    if (existsSync(this.path)) {
      try {
        doc = JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, unknown>;
      } catch {
        throw new SecretsSinkError(`the secrets file ${this.path} is not JSON`, { hint: 'move it away or pass another --secrets-out' });
      }
    }
    doc[record.name] = {
      envVar: envVarName(record.name),
      serviceUserId: record.serviceUserId,
      scope: record.scope,
      orgId: record.orgId,
      roleId: record.roleId,
      apiKeyId: record.apiKeyId,
      token,
    };
    const sorted = Object.fromEntries(Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeSecretFileAtomic(this.path, `${JSON.stringify(sorted, null, 2)}\n`);
  }
}

/**
 * Run a shell command once per token, the token on stdin (no trailing newline), and
 * DEVIN_SERVICE_USER_NAME, DEVIN_SERVICE_USER_ID, DEVIN_SERVICE_USER_SCOPE, DEVIN_ORG_ID,
 * DEVIN_ROLE_ID, DEVIN_TOKEN_ENV_NAME in its environment. A non-zero exit is a failure.
 */
export class CommandSink implements TokenSink {
  readonly label = 'cmd';
  constructor(
    readonly command: string,
    /** The child's base environment (the CLI passes its own, without Devin keys). */
    readonly env: NodeJS.ProcessEnv,
    readonly timeoutMs = 60_000,
  ) {}

  store(record: TokenRecord, token: string): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn('/bin/sh', ['-c', this.command], {
        stdio: ['pipe', 'ignore', 'pipe'],
        env: {
          ...this.env,
          DEVIN_SERVICE_USER_NAME: record.name,
          DEVIN_SERVICE_USER_ID: record.serviceUserId,
          DEVIN_SERVICE_USER_SCOPE: record.scope,
          DEVIN_ORG_ID: record.orgId ?? '',
          DEVIN_ROLE_ID: record.roleId,
          DEVIN_TOKEN_ENV_NAME: envVarName(record.name),
        },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 2000) stderr += d.toString('utf8');
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new SecretsSinkError(`--secrets-cmd could not start: ${e.message}`, { hint: 'check the command' }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolvePromise();
        const why = signal ? `was killed (${signal})` : `exited ${code}`;
        const tail = redactText(stderr.trim().split('\n').slice(-1)[0] ?? '').slice(0, 200);
        reject(
          new SecretsSinkError(`--secrets-cmd ${why} for ${record.name}${tail ? `: ${tail}` : ''}`, {
            hint: 'fix the command and re-run apply: the service user exists and its key will be rotated into the sink',
          }),
        );
      });
      child.stdin.on('error', () => {
        /* the command may exit without reading stdin; its exit code decides */
      });
      child.stdin.end(token);
    });
  }
}

/** Hands one token to every sink, in order; serialised so two tokens never race on one file. */
export class TokenSinks {
  #chain: Promise<unknown> = Promise.resolve();
  constructor(readonly sinks: readonly TokenSink[]) {}
  get labels(): string[] {
    return this.sinks.map((s) => s.label);
  }
  store(record: TokenRecord, token: string): Promise<void> {
    const run = this.#chain.then(async () => {
      for (const s of this.sinks) await s.store(record, token);
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }
}
