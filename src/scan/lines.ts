// Offsets to 1-based line and column, and the text of a line, for one file.

export class Lines {
  private readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get count(): number {
    return this.starts.length;
  }

  /** 0-based line index of an offset. */
  indexOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** 1-based line and column. */
  position(offset: number): { line: number; column: number } {
    const i = this.indexOf(offset);
    return { line: i + 1, column: offset - this.starts[i]! + 1 };
  }

  start(index: number): number {
    return this.starts[index] ?? this.text.length;
  }

  /** Text of a 0-based line, without its newline. */
  line(index: number): string {
    const s = this.start(index);
    let e = index + 1 < this.starts.length ? this.starts[index + 1]! - 1 : this.text.length;
    if (e > s && this.text.charCodeAt(e - 1) === 13) e--;
    return this.text.slice(s, e);
  }
}
