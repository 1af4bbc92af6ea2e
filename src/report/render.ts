// One entry for the three renderers. JSON is the model itself (deterministic, trailing newline).
import { toJson } from '../documents/write.js';
import { renderHtml } from './html/render.js';
import { renderMarkdown } from './markdown.js';
import type { ReportModel } from './types.js';

export const REPORT_FORMATS = ['html', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(model: ReportModel, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(model);
    case 'md':
      return renderMarkdown(model);
    case 'json':
      return toJson(model);
  }
}

/** `report.html` -> html, `x.md`/`x.markdown` -> md, `x.json` -> json; otherwise undefined. */
export function formatFromPath(path: string): ReportFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'md';
  if (ext === 'json') return 'json';
  return undefined;
}
