// The parts of a file that hold code, each with its language: the whole file, or for Markdown
// each fenced code block (prose is not code; keys are still looked for everywhere).
import { languageOfFence, type Lang } from './languages.js';

export interface Segment {
  from: number;
  to: number;
  lang: Lang;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^\n`]*)$/;

export function segmentsOf(text: string, lang: Lang): Segment[] {
  if (lang !== 'markdown') return [{ from: 0, to: text.length, lang }];
  const out: Segment[] = [];
  let pos = 0;
  let open: { fence: string; lang: Lang; from: number } | null = null;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (open) {
      const t = line.trim();
      if (t.startsWith(open.fence[0]!.repeat(open.fence.length)) && /^(`+|~+)$/.test(t)) {
        out.push({ from: open.from, to: pos, lang: open.lang });
        open = null;
      }
    } else {
      const m = FENCE_OPEN.exec(line);
      if (m) open = { fence: m[1]!, lang: languageOfFence(m[2]!), from: nl === -1 ? text.length : nl + 1 };
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (open) out.push({ from: open.from, to: text.length, lang: open.lang });
  return out;
}
