import { appendFileSync, chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvFileSink, Journal, checkJournal, checkSecretsPath, envVarName, readJournal } from '../../src/provision/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'dm-journal-'));
const record = { name: 'migrated-jane-ops', serviceUserId: 'service-user-1', scope: 'org' as const, orgId: 'org-1', roleId: 'org_admin', apiKeyId: null };

describe('journal', () => {
  it('ignores a last line cut short by a crash, and cuts it off before appending again', () => {
    const path = join(dir(), 'j.jsonl');
    const j = Journal.open(path);
    j.append({ action: 'a', event: 'create-intent', name: 'a', scope: 'org', orgId: 'org-1', roleId: 'org_admin', attempt: 1 });
    j.close();
    appendFileSync(path, '{"v":1,"at":"2026-');
    expect(readJournal(path)).toMatchObject({ tornTail: true, records: [{ event: 'create-intent' }] });
    const again = Journal.open(path);
    again.append({ action: 'a', event: 'create-result', serviceUserId: 'service-user-1' });
    again.close();
    const read = readJournal(path);
    expect(read.records.map((r) => r.event)).toEqual(['create-intent', 'create-result']);
    expect(checkJournal(read.records)).toEqual([]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('rejects a journal damaged in the middle', () => {
    const path = join(dir(), 'j.jsonl');
    writeFileSync(path, 'not json\n{"v":1}\n');
    expect(() => readJournal(path)).toThrow(/line 1 is not JSON/);
  });

  it('refuses to write a token into the journal', () => {
    const j = Journal.open(join(dir(), 'j.jsonl'));
    const token = `cog_${'Ab3'.repeat(10)}`;
    expect(() => j.append({ action: token, event: 'create-result', serviceUserId: 'x' })).toThrow(/refused to write a key or token/);
    j.close();
  });

  it('flags a token stored without a creation, a result without intent, and two service users for one action', () => {
    const at = '2026-01-01T00:00:00Z';
    const problems = checkJournal([
      { v: 1, at, action: 'a', event: 'create-result', serviceUserId: 's1' },
      { v: 1, at, action: 'b', event: 'token-stored', serviceUserId: 's9', apiKeyId: null, sinks: [] },
      { v: 1, at, action: 'a', event: 'found', serviceUserId: 's2', ours: true },
    ]);
    expect(problems.join('\n')).toMatch(/no create-intent before it/);
    expect(problems.join('\n')).toMatch(/no create-result or rotate-result for s9/);
    expect(problems.join('\n')).toMatch(/a: 2 different service users/);
  });
});

describe('secrets file', () => {
  it('replaces a service user\'s line on a new token, keeps other lines, and stays 0600', async () => {
    const path = join(dir(), 'tokens.env');
    writeFileSync(path, 'OTHER=1\n', { mode: 0o600 });
    const sink = new EnvFileSink(path);
    await sink.store(record, 'first');
    await sink.store({ ...record, name: 'migrated-bob-ops', serviceUserId: 'service-user-2' }, 'bob');
    await sink.store(record, 'second');
    const text = readFileSync(path, 'utf8');
    expect(text.match(new RegExp(`^${envVarName(record.name)}=`, 'gm'))).toHaveLength(1);
    expect(text).toContain(`${envVarName(record.name)}=second`);
    expect(text).toContain('OTHER=1');
    expect(text).toContain('DEVIN_TOKEN_MIGRATED_BOB_OPS=bob');
    expect(text.match(/^# migrated-jane-ops /gm)).toHaveLength(1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses an existing secrets file that others can read', () => {
    const path = join(dir(), 'tokens.env');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    expect(() => checkSecretsPath(path)).toThrow(/can be read by others \(mode 644\)/);
    chmodSync(path, 0o600);
    expect(() => checkSecretsPath(path)).not.toThrow();
  });
});
