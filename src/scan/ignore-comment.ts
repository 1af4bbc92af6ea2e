// `devin-migrate-ignore`: a comment that silences scan findings on its line or the next, and the
// codemod's markers on the statement it ends or precedes. One pattern for both.

/** `devin-migrate-ignore` in a comment of any syntax (`//`, `#`, `/*`, `<!--`, `--`, `;`, `*`). */
export const IGNORE_SAME_LINE = /(?:\/\/|#|\/\*|<!--|--|;|^\s*\*|\{\/\*)\s*devin-migrate-ignore\b/;
/** The same, as a whole comment line above. */
export const IGNORE_LINE_ABOVE = /^\s*(?:\/\/|#|\/\*|<!--|--|;|\*|\{\/\*)\s*devin-migrate-ignore\b/;
