// The planner's config file (JSON): naming, grouping, TTL, roles, what to include, and which
// code paths belong to which key. Validated with zod; every problem is one InputError line that
// names the field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isPermission, UNGRANTABLE_PERMISSIONS } from '../catalog/index.js';
import { InputError } from '../errors.js';
import { DEFAULT_NAME_TEMPLATE, validateTemplate } from './naming.js';

/** The v3 limit on a service user's ttl_seconds (one year). */
export const MAX_TTL_SECONDS = 31_536_000;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

const Ttl = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+[smhdw]$/, 'a duration like 90d, 12h, 3600s'),
]);

const Permission = z.string().refine(isPermission, { message: 'not a v3 permission name (see src/catalog/permissions.ts)' });

const RoleTarget = z.union([
  z.string().min(1),
  z
    .object({
      roleId: z.string().min(1),
      /** What the role grants, so the planner can check coverage and over-grant. */
      permissions: z.array(Permission).optional(),
      level: z.enum(['org', 'enterprise']).optional(),
    })
    .strict(),
]);

const Selection = z
  .object({
    /** Key ids or owner emails. */
    keys: z.array(z.string().min(1)).optional(),
    /** Org ids or org names. */
    orgs: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const PlanConfigSchema = z
  .object({
    $schema: z.string().optional(),
    nameTemplate: z.string().default(DEFAULT_NAME_TEMPLATE),
    grouping: z.enum(['per-key', 'per-owner-org']).default('per-key'),
    /** Service-user lifetime: seconds, or `90d`/`12h`/`30m`/`2w`; at most one year. */
    ttl: Ttl.optional(),
    /**
     * Role overrides. Keys: a built-in role id (`org_admin`: use this role wherever the planner
     * would pick org_admin), a legacy key id, or an owner email (wins over a built-in id).
     */
    roleMap: z.record(z.string(), RoleTarget).default({}),
    include: Selection.optional(),
    exclude: Selection.optional(),
    /** Which code (scan finding paths, globs) each key runs. `key`: a key id or an owner email. */
    integrations: z
      .array(z.object({ key: z.string().min(1), paths: z.array(z.string().min(1)).min(1) }).strict())
      .default([]),
    /** Keep personal-key session attribution through create_as_user_id (default true). */
    attribution: z.boolean().default(true),
  })
  .strict();

export type PlanConfigInput = z.input<typeof PlanConfigSchema>;
export type PlanConfig = z.infer<typeof PlanConfigSchema>;

export interface RoleTargetResolved {
  roleId: string;
  permissions: string[] | null;
  level: 'org' | 'enterprise' | null;
}

export function roleTarget(value: PlanConfig['roleMap'][string]): RoleTargetResolved {
  if (typeof value === 'string') return { roleId: value, permissions: null, level: null };
  return { roleId: value.roleId, permissions: value.permissions ?? null, level: value.level ?? null };
}

export function ttlSeconds(config: PlanConfig): number | null {
  if (config.ttl === undefined) return null;
  if (typeof config.ttl === 'number') return config.ttl;
  const n = Number(config.ttl.slice(0, -1));
  return n * UNITS[config.ttl.slice(-1)]!;
}

/** Validate a parsed config; `source` names it in messages (a file path). */
export function parsePlanConfig(json: unknown, source = 'config'): PlanConfig {
  const parsed = PlanConfigSchema.safeParse(json ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || '(root)';
    throw new InputError(`${source} is not valid: ${where}: ${issue.message}`, {
      hint: 'fix the field (see `devin-migrate plan --help` for the config format)',
    });
  }
  const config = parsed.data;
  try {
    validateTemplate(config.nameTemplate);
  } catch (e) {
    throw new InputError(`${source}: nameTemplate: ${(e as Error).message}`, { hint: `use e.g. ${DEFAULT_NAME_TEMPLATE}` });
  }
  const ttl = ttlSeconds(config);
  if (ttl !== null && ttl > MAX_TTL_SECONDS) {
    throw new InputError(`${source}: ttl is ${ttl} seconds, more than the API's limit of ${MAX_TTL_SECONDS} (one year)`, {
      hint: 'use at most 365d',
    });
  }
  for (const [selector, target] of Object.entries(config.roleMap)) {
    const t = roleTarget(target);
    const bad = (t.permissions ?? []).filter((p) => (UNGRANTABLE_PERMISSIONS as readonly string[]).includes(p));
    if (bad.length > 0) {
      throw new InputError(`${source}: roleMap.${selector} grants ${bad.join(', ')}, which can never be granted to a service user`, {
        hint: 'remove it from the role',
      });
    }
  }
  return config;
}

export function readPlanConfig(path: string): { config: PlanConfig; raw: string } {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the config file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'check the path given to --config',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new InputError(`config file ${path} is not JSON: ${(e as Error).message}`, { hint: 'fix the JSON syntax' });
  }
  return { config: parsePlanConfig(json, `config file ${path}`), raw };
}
