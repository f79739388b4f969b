/**
 * Why the store refused or failed. `code` lets callers branch (e.g. exit at start-up on `unusable-file`,
 * show `invalid-input` to the moderator who typed it) without parsing messages.
 * - `unusable-file`: the database path cannot be created, opened or written; fix the path or permissions.
 * - `schema-too-new`: the file was migrated by a newer build; run that build or use another file.
 * - `invalid-input`: a caller passed a value outside the documented range; the message says which.
 * - `misconfigured`: an option given to `openStore` is missing or unusable.
 */
export type StoreErrorCode = 'unusable-file' | 'schema-too-new' | 'invalid-input' | 'misconfigured';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
