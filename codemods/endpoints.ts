// endpoints: legacy v1/v2 URLs and paths become their v3 twins (placeholder; being written).
import type { Transform } from './types.js';

export const endpointsTransform: Transform = {
  name: 'endpoints',
  description: 'rewrite v1/v2 Devin API URLs and paths to v3 through the catalogue',
  mayApply: () => false,
  apply: () => ({ edits: [], markers: [] }),
};
