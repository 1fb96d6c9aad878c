/**
 * Errors are values with context, one class per domain. A user mistake is shown as its message
 * (never a stack trace); anything else is an internal error.
 */

/**
 * A message on one line: a newline inside a quoted value (a name such as "Ad\nam") is shown as
 * `\n`, so `file:line:col: message` stays one line a terminal or an editor can link.
 */
export function oneLine(message: string): string {
  return message.replace(/\r\n|\r|\n/g, '\\n');
}

/** Where a problem sits in a file: 1-based line and column, when known. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
}

/** A problem with a data file: unreadable, malformed, or unusable for the chosen target. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    message: string,
    readonly location: Location,
    /** Set when the file was refused for a configurable limit (the front door can offer to raise it). */
    readonly limit: 'maxBytes' | null = null,
  ) {
    super(oneLine(message));
  }
  /** `file:line:col: message`, the form editors and terminals turn into links. */
  format(): string {
    const { file, line, column } = this.location;
    const where =
      line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
    return `${where}: ${this.message}`;
  }
  toJSON(): { file: string; line: number | null; column: number | null; message: string } {
    return {
      file: this.location.file,
      line: this.location.line ?? null,
      column: this.location.column ?? null,
      message: this.message,
    };
  }
}

/** One problem in an experiment file, at a JSON path such as `optimizers[2].betas[1]`. */
export interface ExperimentIssue {
  path: string;
  message: string;
  /** 1-based line/column of the offending value in the file's text, when the text is known. */
  line?: number;
  column?: number;
}

/** An experiment file that does not validate; carries every issue, not just the first. */
export class ExperimentError extends Error {
  override readonly name = 'ExperimentError';
  readonly issues: ExperimentIssue[];
  constructor(
    readonly file: string,
    issues: ExperimentIssue[],
  ) {
    const kept = issues.map((i) => ({ ...i, message: oneLine(i.message) }));
    super(kept.map((i) => `${i.path || '(root)'}: ${i.message}`).join('\n'));
    this.issues = kept;
  }
  format(): string {
    return this.issues
      .map((i) => {
        const where = i.line === undefined ? this.file : `${this.file}:${i.line}:${i.column ?? 1}`;
        return `${where}: ${i.path || '(root)'}: ${i.message}`;
      })
      .join('\n');
  }
}

/**
 * An invalid optimizer, scheduler or training setting, with torch's own wording where torch has one
 * (`Invalid learning rate: -1`), so a message found here can be searched for in torch's docs.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** True for errors caused by user input, which are reported as messages rather than crashes. */
export function isUserError(e: unknown): e is DataError | ExperimentError | ConfigError {
  return e instanceof DataError || e instanceof ExperimentError || e instanceof ConfigError;
}
