// The report layer: buildReport (documents -> model) and renderReport (model -> html/md/json).
export { buildReport, type ReportInputs } from './model.js';
export { renderReport, formatFromPath, REPORT_FORMATS, type ReportFormat } from './render.js';
export * from './types.js';
