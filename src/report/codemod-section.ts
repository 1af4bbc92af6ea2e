// The codemod's tally and the markers it left: what a developer still has to finish by hand.
import type { CodemodDocument } from '../documents/codemod.js';
import type { CodemodSection } from './types.js';

export function codemodSection(doc: CodemodDocument): CodemodSection {
  const perTransform = new Map<string, number>();
  for (const f of doc.files) for (const t of f.transforms) perTransform.set(t, (perTransform.get(t) ?? 0) + 1);
  // Registry order (the order they ran), then any the options do not name.
  const order = [...doc.options.transforms, ...[...perTransform.keys()].filter((t) => !doc.options.transforms.includes(t)).sort()];
  const tally = order.filter((t) => perTransform.has(t)).map((transform) => ({ transform, files: perTransform.get(transform)! }));
  const byPath = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    available: true,
    mode: doc.mode,
    totals: { ...doc.totals },
    tally,
    openMarkers: doc.files
      .filter((f) => f.markersPresent > 0)
      .map((f) => ({
        file: f.path,
        count: f.markersPresent,
        markers: f.openMarkers.length > 0 ? f.openMarkers : f.markersAdded.map((message) => ({ line: null, message })),
      }))
      .sort(byPath),
    notes: doc.files.flatMap((f) => f.notes.map((note) => ({ file: f.path, note }))).sort(byPath),
    errors: doc.files.filter((f) => f.action === 'error' || f.error).map((f) => ({ file: f.path, message: f.error ?? 'not rewritten' })).sort(byPath),
  };
}
