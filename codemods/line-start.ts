// Where the line holding a position starts, for edits that insert whole lines (markers, the org id
// declaration). The first line starts after a byte-order mark: a line put above it would leave
// the mark in the middle of the file.
export function lineStartOf(text: string, pos: number): number {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return start === 0 && pos > 0 && text.charCodeAt(0) === 0xfeff ? 1 : start;
}
