// Choose new text for every site so that every use gets its planned URL: a site shared by
// several uses (a base constant, a wrapper's body) gets one text that suits all of them. Uses
// that keep their URL are hard constraints; a use whose plan cannot be met without breaking
// another is kept as it is (demoted) with a marker, and the choice is made again.
import { hasHole, ORG, render, type Leaf, type Site } from './model.js';
import type { LeafPlan } from './plan.js';

export interface Item {
  leaf: Leaf;
  plan: LeafPlan;
}

export interface Solution {
  /** New text of the sites that change, by key. */
  siteText: Map<string, string>;
  sites: Map<string, Site>;
  /** Uses whose rewrite applies (their notes become markers). */
  rewritten: Set<Leaf>;
  /** Legacy uses left as they are, with the marker message. */
  kept: Map<Leaf, string>;
}

interface Prepared {
  item: Item;
  plan: LeafPlan;
  ranges: [number, number][];
  keys: (string | null)[];
}

type Attempt = { ok: true; decided: Map<string, string> } | { ok: false; demote: Map<Item, string> } | { ok: false; abort: true };

function siteName(site: Site): string {
  return site.owner ? `\`${site.owner}\`` : 'its base';
}

function attempt(prepared: Prepared[], sites: Map<string, Site>): Attempt {
  const bpos: (number | undefined)[][] = [];
  const occ = new Map<string, { p: number; k: number }[]>();
  const order: string[] = [];
  for (let pi = 0; pi < prepared.length; pi++) {
    const pr = prepared[pi]!;
    const { plan, ranges, keys } = pr;
    const b: (number | undefined)[] = new Array(ranges.length + 1).fill(undefined);
    b[0] = 0;
    b[ranges.length] = plan.T.length;
    for (let k = 0; k < ranges.length; k++) {
      const key = keys[k] ?? null;
      if (key === null) {
        const c = plan.L[ranges[k]![0]]!;
        const pos = plan.T.indexOf(c);
        if (pos < 0) return plan.hard ? { ok: false, abort: true } : { ok: false, demote: new Map([[pr.item, 'the rewrite lost one of its values']]) };
        b[k] = pos;
        b[k + 1] = pos + 1;
      } else {
        const list = occ.get(key);
        if (list) list.push({ p: pi, k });
        else {
          occ.set(key, [{ p: pi, k }]);
          order.push(key);
        }
      }
    }
    bpos.push(b);
  }
  const decided = new Map<string, string>();
  const upperBound = (p: number, from: number): number => {
    const b = bpos[p]!;
    for (let j = from; j < b.length; j++) if (b[j] !== undefined) return b[j]!;
    return prepared[p]!.plan.T.length;
  };
  let progress = true;
  while (progress && decided.size < order.length) {
    progress = false;
    for (const key of order) {
      if (decided.has(key)) continue;
      const occs = occ.get(key)!;
      if (occs.some(({ p, k }) => bpos[p]![k] === undefined)) continue;
      progress = true;
      const site = sites.get(key)!;
      const fixed = site.form === 'virtual' || site.form === 'frozen';
      const options = new Map<string, { by: Set<number>; rank: number }>();
      occs.forEach(({ p, k }, idx) => {
        const pr = prepared[p]!;
        const start = bpos[p]![k]!;
        const known = bpos[p]![k + 1];
        const limit = upperBound(p, k + 1);
        const ends = known !== undefined ? [known] : pr.plan.cands(pr.ranges[k]![1]).filter((e) => e >= start && e <= limit);
        ends.forEach((e, rank) => {
          const s = pr.plan.T.slice(start, e);
          if (hasHole(s)) return;
          if (fixed && s !== site.text) return;
          if ((site.fallback !== undefined || site.replacesFallback) && s.includes(ORG) && s !== site.text) return;
          if (site.constant && s.includes(ORG)) return;
          const o = options.get(s);
          if (o) {
            o.by.add(idx);
            o.rank = Math.max(o.rank, rank);
          } else options.set(s, { by: new Set([idx]), rank });
        });
      });
      const hard = occs.map((o, idx) => (prepared[o.p]!.plan.hard ? idx : -1)).filter((i) => i >= 0);
      let best: string | undefined;
      let bestScore: [number, number, number] | undefined;
      for (const [s, o] of options) {
        if (!hard.every((i) => o.by.has(i))) continue;
        const score: [number, number, number] = [o.by.size, -o.rank, s === site.text ? 1 : 0];
        if (!bestScore || score[0] > bestScore[0] || (score[0] === bestScore[0] && (score[1] > bestScore[1] || (score[1] === bestScore[1] && score[2] > bestScore[2])))) {
          best = s;
          bestScore = score;
        }
      }
      if (best === undefined) {
        if (hard.length > 0) return { ok: false, abort: true };
        if (site.constant) {
          const demote = new Map<Item, string>();
          for (const o of occs) demote.set(prepared[o.p]!.item, 'not moved to v3: the v3 path holds the org id, and an enum member must stay a constant string; build this URL outside the enum, then re-run');
          return { ok: false, demote };
        }
        if (site.form === 'frozen') {
          const demote = new Map<Item, string>();
          for (const o of occs) demote.set(prepared[o.p]!.item, 'not moved to v3: the URL is written with escapes or in a tagged template, which devin-migrate does not edit; move it by hand');
          return { ok: false, demote };
        }
        const demote = new Map<Item, string>();
        for (const o of occs) demote.set(prepared[o.p]!.item, `not moved to v3: ${siteName(site)} is shared with calls that need a different v3 base; give them separate bases, then re-run`);
        return { ok: false, demote };
      }
      const accepted = options.get(best)!.by;
      const losers = occs.filter((_, idx) => !accepted.has(idx));
      if (losers.length > 0) {
        const demote = new Map<Item, string>();
        for (const o of losers) {
          demote.set(prepared[o.p]!.item, `not moved to v3: ${siteName(site)} is also used by calls that keep their legacy URL (see their markers); give this call its own v3 base, then re-run`);
        }
        return { ok: false, demote };
      }
      decided.set(key, best);
      for (const { p, k } of occs) bpos[p]![k + 1] = bpos[p]![k]! + best.length;
    }
  }
  if (decided.size < order.length) return { ok: false, abort: true };
  // Every use must read back exactly as planned.
  const demote = new Map<Item, string>();
  for (const pr of prepared) {
    let s = '';
    for (let k = 0; k < pr.ranges.length; k++) {
      const key = pr.keys[k] ?? null;
      s += key === null ? pr.plan.L[pr.ranges[k]![0]]! : decided.get(key)!;
    }
    if (s !== pr.plan.T) {
      if (pr.plan.hard) return { ok: false, abort: true };
      demote.set(pr.item, 'not moved to v3: the pieces this URL is built from cannot be rewritten consistently with their other uses; move it by hand');
    }
  }
  if (demote.size > 0) return { ok: false, demote };
  return { ok: true, decided };
}

function components(items: Item[]): Item[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  items.forEach((it, i) => {
    for (const p of it.leaf.parts) {
      if (p.kind !== 'lit') continue;
      const o = owner.get(p.site.key);
      if (o === undefined) owner.set(p.site.key, i);
      else parent[find(i)] = find(o);
    }
  });
  const groups = new Map<number, Item[]>();
  items.forEach((it, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(it);
    else groups.set(r, [it]);
  });
  return [...groups.values()];
}

/** The order uses are solved in (a group's solution is shared by the files it spans: they must list its uses alike). */
export function byFileOrdinal(a: Leaf, b: Leaf): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.ordinal - b.ordinal;
}

/**
 * Solve every connected group. `memo` (per run) shares a group's solution between the files it
 * spans: pass it only when the items are the project index's own leaf objects.
 */
export function solve(items: Item[], memo?: Map<string, Solution>): Solution {
  const out: Solution = { siteText: new Map(), sites: new Map(), rewritten: new Set(), kept: new Map() };
  for (const it of items) for (const p of it.leaf.parts) if (p.kind === 'lit' && !out.sites.has(p.site.key)) out.sites.set(p.site.key, p.site);
  for (const group of components(items)) {
    const key = memo ? group.map((it) => `${it.leaf.file}#${it.leaf.ordinal}`).join('|') : '';
    let part = memo?.get(key);
    if (!part) {
      part = { siteText: new Map(), sites: out.sites, rewritten: new Set(), kept: new Map() };
      solveGroup(group, part);
      memo?.set(key, part);
    }
    for (const [k, v] of part.siteText) out.siteText.set(k, v);
    for (const l of part.rewritten) out.rewritten.add(l);
    for (const [l, r] of part.kept) out.kept.set(l, r);
  }
  return out;
}

function solveGroup(group: Item[], out: Solution): void {
  const plans = new Map<Item, LeafPlan>(group.map((it) => [it, it.plan]));
  // A use's pieces do not change between rounds, only its plan.
  const pieces = group.map((item) => ({ ranges: render(item.leaf.parts).ranges, keys: item.leaf.parts.map((p) => (p.kind === 'lit' ? p.site.key : null)) }));
  for (let round = 0; round <= group.length + 1; round++) {
    const prepared: Prepared[] = group.map((item, i) => ({ item, plan: plans.get(item)!, ranges: pieces[i]!.ranges, keys: pieces[i]!.keys }));
    const r = attempt(prepared, out.sites);
    if (r.ok) {
      for (const [key, text] of r.decided) if (out.sites.get(key)!.text !== text) out.siteText.set(key, text);
      for (const it of group) {
        const plan = plans.get(it)!;
        if (!plan.hard) out.rewritten.add(it.leaf);
        else if (plan.reason) out.kept.set(it.leaf, plan.reason);
      }
      return;
    }
    if ('abort' in r) break;
    for (const [it, reason] of r.demote) plans.set(it, plans.get(it)!.keep(reason));
  }
  // No consistent choice: nothing in this group moves.
  for (const it of group) {
    const plan = plans.get(it)!;
    const reason = plan.hard ? plan.reason : 'not moved to v3: the base and the paths joined to it cannot be rewritten consistently; move them by hand';
    if (reason) out.kept.set(it.leaf, reason);
  }
}
