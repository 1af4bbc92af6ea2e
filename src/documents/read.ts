// Read and validate a JSON document; every failure is an InputError naming the file and field.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from '../errors.js';

export function readDocument<T extends z.ZodType>(path: string, schema: T, what: string): z.infer<T> {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, {
      hint: 'check the path',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InputError(`${what} ${path} is not JSON`, { hint: `pass a file written by devin-migrate` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${what} ${path} is not valid: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'regenerate it with the current devin-migrate',
    });
  }
  return parsed.data;
}
