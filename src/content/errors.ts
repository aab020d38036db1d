/**
 * Errors an editor can act on: which file, which line, which field, what was found, what to do.
 * Stages collect them in a Problems list so that one run reports every problem, not the first.
 */
export interface Problem {
  file: string; // path relative to the working directory, as the editor would open it
  line?: number;
  field?: string;
  message: string; // what is wrong, in the editor's terms
  hint?: string; // what to do about it
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? ` field "${p.field}":` : "";
  const hint = p.hint ? `\n    → ${p.hint}` : "";
  return `${where}:${field} ${p.message}${hint}`;
}

/** Thrown when a stage found problems in the input; carries all of them. */
export class ContentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the issue:\n` +
        problems.map((p) => "  " + formatProblem(p)).join("\n"),
    );
    this.name = "ContentError";
  }
}

export class Problems {
  readonly list: Problem[] = [];
  add(p: Problem): void {
    this.list.push(p);
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(): void {
    if (!this.empty) throw new ContentError(this.list);
  }
}
