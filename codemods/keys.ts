// keys: a Devin key written into the source (`apk_user_…`, `apk_…`, `cog_…`) becomes an
// environment lookup, `process.env.DEVIN_API_KEY` or the DEVIN_* name of the variable or property
// that held it, with a marker to rotate the leaked key. The marker names the kind of key, never
// its value. Keys inside a longer string (`'Bearer apk_…'`) turn the string into a template.
import { ts } from './ts.cjs';
import { findKeys, keyRuleFor } from '../src/catalog/index.js';
import { markerEditAt } from './markers.js';
import type { Edit, Transform, TransformInput, TransformOutput } from './types.js';
import { statementOf } from './url/scope.js';

export const DEFAULT_KEY_ENV = 'DEVIN_API_KEY';

const QUICK_RE = /apk_|cog_/;

/** `devinApiKey` -> DEVIN_API_KEY; kept only when it is a DEVIN_* name. */
export function envNameFor(name: string | undefined): string {
  if (!name) return DEFAULT_KEY_ENV;
  const snake = name
    .replace(/^[#_$]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
  return /^DEVIN_[A-Z0-9_]+$/.test(snake) ? snake : DEFAULT_KEY_ENV;
}

/** The name the literal is assigned to: variable, property, class field or assignment target. */
function holderName(node: ts.Node): string | undefined {
  let n: ts.Node = node;
  while (n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isTemplateSpan(n.parent) || ts.isTemplateExpression(n.parent) || ts.isBinaryExpression(n.parent) && n.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  const nameOf = (x: ts.Node | undefined): string | undefined => (x && (ts.isIdentifier(x) || ts.isStringLiteral(x) || ts.isPrivateIdentifier(x)) ? x.text : undefined);
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isParameter(p) || ts.isJsxAttribute(p)) return nameOf(p.name);
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = p.left;
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
  }
  return undefined;
}

/** Raw string-literal source as template-literal source (its escapes stay valid). */
function escapeForTemplate(raw: string): string {
  return raw.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function apply({ text, sourceFile }: TransformInput): TransformOutput {
  const edits: Edit[] = [];
  const markers: string[] = [];
  const marked = new Set<string>();
  const mark = (node: ts.Node, label: string, env: string): void => {
    const what = label.startsWith('service-user')
      ? 'rotate it (Enterprise Settings > Service Users, or POST …/api-keys/{api_key_id}/rotate)'
      : 'revoke it with devin-migrate revoke once its cog_ replacement works';
    const message = `a ${label} was hard-coded here and is exposed in the source history: ${what}, and set ${env} in the environment instead`;
    const at = statementOf(node).getStart(sourceFile);
    const id = `${at}:${message}`;
    if (marked.has(id)) return;
    marked.add(id);
    const e = markerEditAt(text, at, message);
    if (e) {
      edits.push(e);
      markers.push(message);
    }
  };
  const visit = (node: ts.Node): void => {
    const isStr = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    const isPiece = node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle || node.kind === ts.SyntaxKind.TemplateTail;
    if (isStr || isPiece) {
      const start = node.getStart(sourceFile);
      const open = 1;
      const close = node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle ? 2 : 1;
      const raw = text.slice(start + open, node.end - close);
      const keys = findKeys(raw);
      if (keys.length > 0 && !(ts.isStringLiteral(node) && node.parent && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)))) {
        const env = envNameFor(holderName(ts.isTemplateLiteralToken(node) && !ts.isNoSubstitutionTemplateLiteral(node) ? node.parent.parent ?? node : node));
        const lookup = `process.env.${env}`;
        const inJsx = node.parent && ts.isJsxAttribute(node.parent);
        const whole = keys.length === 1 && keys[0]!.index === 0 && keys[0]!.value.length === raw.length;
        if (isStr && whole) {
          edits.push({ start, end: node.end, text: inJsx ? `{${lookup}}` : lookup });
        } else if (isStr) {
          let out = '';
          let pos = 0;
          for (const k of keys) {
            out += escapeForTemplate(raw.slice(pos, k.index)) + `\${${lookup}}`;
            pos = k.index + k.value.length;
          }
          out += escapeForTemplate(raw.slice(pos));
          const tpl = `\`${out}\``;
          edits.push({ start, end: node.end, text: inJsx ? `{${tpl}}` : tpl });
        } else {
          for (const k of keys) edits.push({ start: start + open + k.index, end: start + open + k.index + k.value.length, text: `\${${lookup}}` });
        }
        const labels = new Set(keys.map((k) => keyRuleFor(k.value)?.label ?? 'Devin key'));
        for (const label of labels) mark(node, label, env);
      }
      if (isStr || isPiece) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { edits, markers };
}

export const keysTransform: Transform = {
  name: 'keys',
  description: 'replace hard-coded apk_/apk_user_/cog_ keys by an environment lookup, with a marker to rotate them',
  mayApply: (text) => QUICK_RE.test(text) && findKeys(text).length > 0,
  apply,
};
