/** Everything the pure extraction core needs, loaded once and passed in (no module-level state). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Resources {
  /** Short content hash of all data files: recorded with every extraction. */
  version: string;
}
