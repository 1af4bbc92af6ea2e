// HTML escaping for text and attribute values (the report has no script, so this is all the
// output encoding it needs).
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A fragment id from any text: letters, digits and dashes. */
export function anchor(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** Escaped text where `backticked` spans become <code>. */
export function escWithCode(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}
