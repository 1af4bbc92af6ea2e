// The jscodeshift baseline: the same URL rewrite, done the way a typical jscodeshift codemod
// does it (literal by literal, no cross-module or base reasoning): `…/v1` -> `…/v3/organizations/
// ${DEVIN_ORG_ID}`, `/message` -> `/messages`, `/knowledge` -> `/knowledge/notes`, v2 enterprise
// -> v3 enterprise. Parses with the TS parser and reprints with recast.
const RULES = [
  [/\/v1(?=\/|$)/g, '/v3/organizations/${DEVIN_ORG_ID}'],
  [/\/message$/g, '/messages'],
  [/\/knowledge$/g, '/knowledge/notes'],
  [/\/v2\/enterprise\/members(?=\/|$|\?)/g, '/v3/enterprise/members/users'],
  [/\/v2\/enterprise/g, '/v3/enterprise'],
];

function rewrite(s) {
  let out = s;
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}

module.exports = function transform(file, api) {
  const j = api.jscodeshift;
  if (!/devin/i.test(file.source)) return undefined;
  const root = j(file.source);
  let changed = false;
  root.find(j.StringLiteral).forEach((p) => {
    const next = rewrite(p.node.value);
    if (next === p.node.value) return;
    changed = true;
    if (next.includes('${')) {
      const raw = next.replace(/`/g, '\\`');
      j(p).replaceWith(j.templateLiteral([j.templateElement({ raw, cooked: raw }, true)], []));
    } else p.node.value = next;
  });
  root.find(j.TemplateElement).forEach((p) => {
    const next = rewrite(p.node.value.raw);
    if (next === p.node.value.raw) return;
    changed = true;
    p.node.value = { raw: next, cooked: next };
  });
  return changed ? root.toSource({ quote: 'single' }) : undefined;
};
module.exports.parser = 'ts';
