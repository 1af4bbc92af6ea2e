// Build dist once, before any test worker starts: CLI tests run `node dist/src/cli/main.js`
// as a child process. Incremental, so a build with nothing changed costs about a second.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed before the tests:\n${r.stdout}${r.stderr}`);
}
