// Flag value parsers shared by the commands (commander argParser).
import { InvalidArgumentError } from 'commander';

/** A whole number flag within bounds. */
export function wholeNumber(name: string, min: number, max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError(`${name} must be a whole number`);
    const n = Number(raw);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}`);
    return n;
  };
}
