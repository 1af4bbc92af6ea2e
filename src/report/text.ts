// Sentences the HTML and Markdown renderers share, so both say exactly the same thing.
import type { CodemodSection, PlanSection } from './types.js';

export function planSummaryText(p: PlanSection): string {
  const s = p.summary;
  return `${s.keys} legacy keys: ${s.create} service users to create, ${s.noop} already in place, ${s.revokeOnly} to revoke without a replacement, ${s.excluded} excluded.`;
}

export function codemodSummaryText(c: CodemodSection): string {
  const t = c.totals;
  const verb = c.mode === 'write' ? 'rewritten' : 'would be rewritten';
  return (
    `${t.changed} of ${t.files} files ${verb} (${c.mode}) with ${t.edits} edits; ${t.markersPresent} TODO(devin-migrate) ${t.markersPresent === 1 ? 'marker' : 'markers'} open in ${c.openMarkers.length} ${c.openMarkers.length === 1 ? 'file' : 'files'}` +
    `${t.unresolved ? `, ${t.unresolved} JSON ${t.unresolved === 1 ? 'value' : 'values'} left as they were` : ''}${t.errors ? `, ${t.errors} ${t.errors === 1 ? 'file' : 'files'} not rewritten` : ''}.`
  );
}
