// What apply, verify and revoke share on the CLI side: the API base a plan is applied to
// (the plan's own, unless overridden on purpose) and a yes/no question on the terminal.
import { createInterface } from 'node:readline/promises';
import { DEFAULT_API_URL } from '../catalog/index.js';
import type { PlanDocument } from '../documents/plan.js';
import { SafetyError } from '../errors.js';
import { say, type CliContext } from './context.js';

const norm = (u: string) => u.trim().replace(/\/+$/, '');

/** The plan's API base, unless --api-url overrides it; a DEVIN_API_URL that disagrees is refused. */
export function planBaseUrl(plan: PlanDocument, apiUrl: string | undefined, ctx: CliContext): string {
  if (apiUrl) {
    if (norm(apiUrl) !== norm(plan.apiBase)) say(ctx, `note: using --api-url ${apiUrl} instead of the plan's ${plan.apiBase}`);
    return apiUrl;
  }
  const env = ctx.env.DEVIN_API_URL?.trim();
  if (env && norm(env) !== norm(plan.apiBase)) {
    throw new SafetyError(`the plan was made against ${plan.apiBase}, but DEVIN_API_URL is ${env}`, {
      hint: `unset DEVIN_API_URL, or pass --api-url ${env} to use the plan there on purpose`,
    });
  }
  return plan.apiBase || DEFAULT_API_URL;
}

/** Ask on the terminal (stderr); only call when stdin is a TTY. */
export async function askYesNo(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: ctx.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
