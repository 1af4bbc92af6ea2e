// The plan as Markdown for review: one section per organization, one entry per owner, with the
// reason for every choice. Deterministic like the plan itself.
import type { PlanAction, PlanDocument } from '../documents/plan.js';

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const esc = (s: string) => s.replace(/([\\*[\]<>|])/g, '\\$1');

function keyLine(k: PlanAction['keys'][number]): string {
  return `${code(k.keyId)} (${k.type}${k.redacted ? `, ${code(k.redacted)}` : ''}, created ${k.createdAt})`;
}

function renderAction(a: PlanAction): string[] {
  const out: string[] = [];
  const su = a.serviceUser;
  if (a.op === 'revoke-only') {
    out.push(`- **revoke only** ${a.keys.map(keyLine).join(', ')}`);
    out.push(`  - ${esc(a.reasons.op)}`);
    return out;
  }
  const verb = a.op === 'create' ? '**create**' : '**no-op** (already migrated)';
  const where = su!.scope === 'org' ? `organization service user in ${code(su!.orgId!)}` : 'enterprise service user';
  out.push(`- ${verb} ${code(su!.name)}: ${where}, role ${code(su!.roleId)}${su!.ttlSeconds ? `, TTL ${su!.ttlSeconds}s` : ''}`);
  out.push(`  - keys: ${a.keys.map(keyLine).join('; ')}`);
  out.push(`  - create_as_user_id: ${a.attribution ? code(a.attribution.createAsUserId) : 'not used'}: ${esc(a.reasons.attribution)}`);
  out.push(`  - scope: ${esc(a.reasons.scope)}`);
  out.push(`  - role: ${esc(a.reasons.role)}`);
  out.push(`  - needs: ${a.permissions.needed.map(code).join(', ') || 'nothing'}`);
  if (a.permissions.leastPrivilege) {
    out.push(
      `  - over-grant: ${a.permissions.extra.map(code).join(', ')}; least privilege would be a custom ${a.permissions.leastPrivilege.level} role with ${a.permissions.leastPrivilege.permissions.map(code).join(', ')}`,
    );
  }
  if (a.evidence.source === 'scan') out.push(`  - evidence: ${a.evidence.findings} finding(s) in ${a.evidence.files.map(code).join(', ')}`);
  out.push(`  - name: ${esc(a.reasons.name)}`);
  if (a.op === 'noop') out.push(`  - ${esc(a.reasons.op)}`);
  for (const w of a.warnings) out.push(`  - ⚠ ${esc(w)}`);
  return out;
}

export function renderPlanMarkdown(plan: PlanDocument): string {
  const s = plan.summary;
  const lines: string[] = [
    '# devin-migrate plan',
    '',
    `- API: ${code(plan.apiBase)}; inventory collected ${plan.inventoryGeneratedAt}`,
    `- inputs: inventory ${code(plan.inputs.inventory.path)} (sha256 ${plan.inputs.inventory.sha256.slice(0, 12)})` +
      (plan.inputs.scan ? `, scan ${code(plan.inputs.scan.path)} (sha256 ${plan.inputs.scan.sha256.slice(0, 12)})` : ', no scan') +
      (plan.inputs.config ? `, config ${code(plan.inputs.config.path)} (sha256 ${plan.inputs.config.sha256.slice(0, 12)})` : ', default config'),
    `- live-state fingerprint: ${plan.fingerprint.sha256.slice(0, 16)} (apply refuses the plan when it moved)`,
    `- settings: names ${code(plan.settings.nameTemplate)}, ${plan.settings.grouping}, TTL ${plan.settings.ttlSeconds ?? 'none'}, attribution ${plan.settings.attribution ? 'kept' : 'dropped'}`,
    '',
    `**${s.create} to create, ${s.noop} already migrated, ${s.revokeOnly} revoke only, ${s.excluded} excluded** (${s.keys} legacy keys)`,
    '',
  ];
  const byOrg = new Map<string, PlanAction[]>();
  for (const a of plan.actions) {
    const k = `${a.orgName}\u0000${a.orgId}`;
    byOrg.set(k, [...(byOrg.get(k) ?? []), a]);
  }
  for (const [k, actions] of byOrg) {
    const [orgName, orgId] = k.split('\u0000') as [string, string];
    lines.push(`## ${esc(orgName)} (${code(orgId)})`, '');
    let owner: string | null | undefined;
    for (const a of actions) {
      const o = a.owner ? a.owner.email ?? a.owner.userId ?? '(unknown owner)' : 'service keys';
      if (o !== owner) {
        if (owner !== undefined) lines.push('');
        lines.push(`### ${esc(o)}`, '');
        owner = o;
      }
      lines.push(...renderAction(a));
    }
    lines.push('');
  }
  if (plan.excluded.length > 0) {
    lines.push('## Excluded by config', '');
    for (const e of plan.excluded) lines.push(`- ${code(e.keyId)} (${e.type}, ${esc(e.orgName)}${e.ownerEmail ? `, ${esc(e.ownerEmail)}` : ''}): ${esc(e.reason)}`);
    lines.push('');
  }
  if (plan.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const w of plan.warnings) lines.push(`- ${esc(w)}`);
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
