// attribution: personal keys created sessions as their owner; a v3 service user creates them as
// itself unless the body names the user in `create_as_user_id`. Adds that property to every
// create-session body (`process.env.DEVIN_CREATE_AS_USER_ID` by default, which JSON.stringify
// drops while unset, so nothing changes until it is set), or marks the call when the body
// cannot be traced to an object literal.
import { LEGACY_ENDPOINTS } from '../src/catalog/index.js';
import { importsDevinCode, legacyCallSpans, scanApiCalls } from './api-calls.js';
import { inModuleStyle } from './env-lookup.js';
import { EditSet } from './edit-set.js';
import { addPropertyEdits, findProperty } from './object-edits.js';
import { traceBody } from './request-bodies.js';
import type { Transform, TransformInput, TransformOutput } from './types.js';
import { ts } from './ts.cjs';

export const ATTRIBUTION_FIELD = 'create_as_user_id';

/** v3 endpoints whose body carries `create_as_user_id` (the catalogue's `attribution: true` rows). */
const ATTRIBUTED_V3_IDS = new Set(LEGACY_ENDPOINTS.filter((e) => e.attribution && e.v3).map((e) => e.v3!));

export function attributionMarker(expr: string, why: string): string {
  return `add \`${ATTRIBUTION_FIELD}: ${expr}\` to this create-session body (${why}): a v3 service user creates sessions as itself, personal keys created them as their owner`;
}

/** `const body: CreateSessionRequest = { … }` (also `as`/`satisfies`): the named type the literal is checked against. */
function declaredTypeName(obj: ts.ObjectLiteralExpression): string | undefined {
  let n: ts.Node = obj;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  const type = ts.isVariableDeclaration(p) && p.initializer === n ? p.type : ts.isAsExpression(p) || ts.isSatisfiesExpression(p) ? p.type : undefined;
  return type && ts.isTypeReferenceNode(type) ? type.typeName.getText() : undefined;
}

function apply(input: TransformInput): TransformOutput {
  const out = new EditSet(input.text, input.sourceFile);
  if (input.options.attribution === 'none') return out.result();
  const expr = inModuleStyle(input.options.createAsUserIdExpr, input.text);
  const scan = scanApiCalls(input);
  const done = new Set<ts.ObjectLiteralExpression>();
  for (const call of scan.calls) {
    if (call.method !== 'POST' || ![...call.v3Ids].some((id) => ATTRIBUTED_V3_IDS.has(id))) continue;
    const others = [...call.v3Ids].filter((id) => !ATTRIBUTED_V3_IDS.has(id));
    if (others.length > 0) {
      // A ternary URL that is a create-session call only sometimes: the body may go elsewhere.
      out.marker(call.node, attributionMarker(expr, 'this call also reaches other endpoints'));
      continue;
    }
    if (!call.body) {
      out.marker(call.node, attributionMarker(expr, 'the call is not given the body; it is sent apart, such as with .send() or req.end()'));
      continue;
    }
    const traced = traceBody(call.body, scan.bindings);
    if (traced.kind === 'untraced') {
      out.marker(call.node, attributionMarker(expr, traced.why));
      continue;
    }
    for (const obj of traced.objects) {
      if (done.has(obj)) continue;
      done.add(obj);
      if (findProperty(obj, ATTRIBUTION_FIELD)) continue;
      if (!out.addAll(addPropertyEdits(input.text, input.sourceFile, obj, `${ATTRIBUTION_FIELD}: ${expr}`, out.eol))) continue;
      const type = declaredTypeName(obj);
      if (type) out.marker(obj, `\`${ATTRIBUTION_FIELD}\` was added to a body declared as \`${type}\`: add \`${ATTRIBUTION_FIELD}?: string\` to that type (v3 create-session field), or the compiler rejects the property`);
    }
  }
  return { ...out.result(), legacyCalls: legacyCallSpans(scan, input.sourceFile) };
}

export const attributionTransform: Transform = {
  name: 'attribution',
  description: 'add create_as_user_id to create-session bodies so sessions stay attributed to their user',
  mayApply: (text, context) => text.includes('sessions') || importsDevinCode(context),
  sharesTree: true,
  apply,
};
