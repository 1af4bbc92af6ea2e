// The cheap test every file passes before any rule runs: does its raw buffer contain a byte
// sequence that every finding needs? Searched with Buffer.indexOf on the bytes, before decoding.
//   apk_ / cog_      key literals
//   devin / DEVIN    a Devin host (api.devin.ai, *.devinenterprise.com), a DEVIN_* variable
//   --host names     configured hosts
// A file that uses the Devin API only through a constant imported from another file, or an env
// variable set elsewhere, has none of these: the scan reads such files again once it knows
// those names (see scan.ts, second pass).

export class Prefilter {
  private readonly needles: Buffer[];
  constructor(extra: readonly string[] = []) {
    this.needles = ['apk_', 'cog_', 'devin', 'DEVIN', ...extra].map((s) => Buffer.from(s, 'utf8'));
  }

  /** The literals this filter looks for (the benchmark searches the same ones with ripgrep). */
  get literals(): string[] {
    return this.needles.map((b) => b.toString('utf8'));
  }

  /** True when `name` contains a literal, so a file that mentions it passes this filter anyway. */
  covers(name: string): boolean {
    return this.needles.some((n) => name.includes(n.toString('utf8')));
  }

  test(buf: Buffer): boolean {
    for (const n of this.needles) if (buf.indexOf(n) !== -1) return true;
    return false;
  }
}

/** Any of `names` appears in the buffer. */
export function containsAny(buf: Buffer, names: readonly Buffer[]): boolean {
  for (const n of names) if (buf.indexOf(n) !== -1) return true;
  return false;
}
