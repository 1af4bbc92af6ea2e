// `devin-migrate fake-api` as a child process of the built CLI (npm test builds first).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAIN, ROOT } from '../support/cli.js';
import { callId } from './call.js';

interface Ready {
  url: string;
  credentials: { enterpriseAdminKey: string; serviceKey: string; serviceUserToken: string; orgId: string };
}

function start(args: string[]): Promise<{ child: ChildProcess; ready: Ready; stdoutLines: () => string[] }> {
  const child = spawn(process.execPath, [MAIN, 'fake-api', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, ready: JSON.parse(line) as Ready, stdoutLines: () => out.split('\n').filter(Boolean) });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`fake-api exited ${code} before ready: ${err}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function runToEnd(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, 'fake-api', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('devin-migrate fake-api', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start(['--port', '0']);
  });
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  test('prints one JSON ready line with the url and fake credentials of each kind', () => {
    const { ready } = server;
    expect(server.stdoutLines()).toHaveLength(1);
    expect(Object.keys(ready).sort()).toEqual(['credentials', 'url']);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.credentials.enterpriseAdminKey).toMatch(/^apk_user_[A-Za-z0-9]{32}$/);
    expect(ready.credentials.serviceKey).toMatch(/^apk_[A-Za-z0-9]{32}$/);
    expect(ready.credentials.serviceUserToken).toMatch(/^cog_[A-Za-z0-9]{32}$/);
    expect(ready.credentials.orgId).toMatch(/^org-/);
  });

  test('lists the seeded keys to the Enterprise Admin key and refuses the service key', async () => {
    const { url, credentials } = server.ready;
    const ok = await callId(url, 'v2.apiKeys.list', credentials.enterpriseAdminKey, { query: 'per_page=100' });
    expect(ok.status).toBe(200);
    expect(ok.body.total).toBe(12);
    expect(ok.body.items).toHaveLength(12);
    const refused = await callId(url, 'v2.apiKeys.list', credentials.serviceKey);
    expect(refused.status).toBe(403);
  });

  test('a port in use is one line on stderr and exit 2', async () => {
    const port = Number(new URL(server.ready.url).port);
    const r = runToEnd(['--port', String(port)]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`port ${port}`);
    expect(r.stderr).toContain('already in use');
  });

  test('SIGTERM stops it with exit 0', async () => {
    const exited = exitOf(server.child);
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('devin-migrate fake-api with a generated enterprise and faults', () => {
  test('serves the generated size and stops on SIGINT with exit 0', async () => {
    const s = await start(['--scale', 'orgs=3,users=20,keys=40,seed=2', '--latency', '1', '--fault-seed', '4']);
    try {
      const r = await callId(s.ready.url, 'v2.apiKeys.list', s.ready.credentials.enterpriseAdminKey, { query: 'per_page=1' });
      expect(r.body.total).toBe(40);
    } finally {
      const exited = exitOf(s.child);
      s.child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});

describe('devin-migrate fake-api refuses bad input with one line and exit 2', () => {
  test.each([
    ['a malformed --scale', ['--scale', 'orgs=3,users=lots'], /--scale/],
    ['a --scale without keys', ['--scale', 'orgs=3,users=20'], /keys=N/],
    ['an unknown flag', ['--frobnicate'], /unknown option '--frobnicate'/],
    ['a missing seed file', ['--seed', 'does/not/exist.json'], /cannot read the seed file does\/not\/exist\.json/],
    ['both --seed and --scale', ['--seed', 'demo', '--scale', 'orgs=1,users=2,keys=2'], /--seed and --scale/],
    ['an error rate above 1', ['--error-rate', '1.5'], /--error-rate/],
  ])('%s', (_what, args, message) => {
    const r = runToEnd(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  test('--help explains that the printed keys are fake', () => {
    const r = runToEnd(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('FAKE keys');
    expect(r.stdout).toContain('devin-migrate fake-api --port 0');
  });
});

test('a port taken by another process is reported the same way', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = runToEnd(['--port', String(port)]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^devin-migrate: port \d+ on 127\.0\.0\.1 is already in use; pick another --port/);
  } finally {
    blocker.close();
  }
});
