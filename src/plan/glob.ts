// Minimal path globs for config `integrations[].paths`, matched against scan finding paths
// (relative, POSIX): `**` any number of folders, `*` anything within one segment, `?` one
// character. A pattern without a slash matches a file name at any depth (like .gitignore).

export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/^\.\//, '');
  if (!g.includes('/')) g = `**/${g}`;
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches the rest.
      if (g[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const re = globToRegExp(glob);
  // A folder pattern (`services/billing`) also covers everything under it.
  return re.test(p) || globToRegExp(`${glob.replace(/\/+$/, '')}/**`).test(p);
}
