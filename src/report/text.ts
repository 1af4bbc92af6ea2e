// Sentences the HTML and Markdown renderers share, so both say exactly the same thing.
import type { PlanSection } from './types.js';

export function planSummaryText(p: PlanSection): string {
  const s = p.summary;
  return `${s.keys} legacy keys: ${s.create} service users to create, ${s.noop} already in place, ${s.revokeOnly} to revoke without a replacement, ${s.excluded} excluded.`;
}
