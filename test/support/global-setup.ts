// Build dist once, before any test worker starts: CLI tests run `node dist/src/cli/main.js`
// as a child process. Incremental, so a build with nothing changed costs about a second.
// Every temporary folder of the run (the tests' own and the CLI children's) goes under one
// folder removed at the end: TMPDIR is read by os.tmpdir() in the workers, which start after
// this and inherit it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): () => void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed before the tests:\n${r.stdout}${r.stderr}`);
  const runTmp = mkdtempSync(join(tmpdir(), 'devin-migrate-tests-'));
  process.env.TMPDIR = runTmp;
  return () => rmSync(runTmp, { recursive: true, force: true });
}
