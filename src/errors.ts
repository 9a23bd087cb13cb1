/**
 * An error the user can fix (bad flag, missing path, dirty work tree…). The CLI prints its
 * message on one line and exits 2; anything else is a bug and is reported as such.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
