// Colours for key states: the Okabe–Ito palette, which stays distinguishable with the common
// colour-vision deficiencies; every use also carries a text label, so colour is never the only
// signal.
import type { KeyState } from '../types.js';

export const STATE_COLOR: Record<KeyState, { fill: string; text: string }> = {
  unplanned: { fill: '#BBBBBB', text: '#1a1a1a' },
  planned: { fill: '#E69F00', text: '#1a1a1a' },
  created: { fill: '#56B4E9', text: '#1a1a1a' },
  verified: { fill: '#0072B2', text: '#ffffff' },
  'in-use': { fill: '#CC79A7', text: '#1a1a1a' },
  revoked: { fill: '#009E73', text: '#ffffff' },
};
