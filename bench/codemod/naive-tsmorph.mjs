// The naive ts-morph baseline: load the whole corpus into one Project, then walk wrapped nodes
// and edit them in place (replaceWithText), as a first ts-morph codemod usually does. Nothing
// is saved (a dry run). Usage: node naive-tsmorph.mjs DIR
import { Project, SyntaxKind } from 'ts-morph';

const dir = process.argv[2];
const started = performance.now();
const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true } });
project.addSourceFilesAtPaths([`${dir}/**/*.ts`, `!${dir}/**/node_modules/**`]);
let changed = 0;
for (const sf of project.getSourceFiles()) {
  let touched = false;
  for (const lit of sf.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    if (lit.wasForgotten()) continue;
    const v = lit.getLiteralText();
    if (!/\/v1(\/|$)|\/v2\/enterprise/.test(v) || !/devin/i.test(v)) continue;
    lit.replaceWithText('`' + v.replace(/\/v1(?=\/|$)/, '/v3/organizations/${DEVIN_ORG_ID}').replace('/v2/enterprise', '/v3/enterprise') + '`');
    touched = true;
  }
  for (const t of sf.getDescendantsOfKind(SyntaxKind.TemplateExpression)) {
    if (t.wasForgotten()) continue;
    const text = t.getText();
    if (!/\/v1|\/message`/.test(text)) continue;
    t.replaceWithText(text.replace(/\/v1(?=[/`$])/g, '/v3/organizations/${DEVIN_ORG_ID}').replace(/\/message`/g, '/messages`'));
    touched = true;
  }
  if (touched) {
    sf.getFullText();
    changed++;
  }
}
const ms = performance.now() - started;
console.log(JSON.stringify({ files: project.getSourceFiles().length, changed, ms: Math.round(ms) }));
