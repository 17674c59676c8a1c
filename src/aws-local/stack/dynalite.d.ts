/**
 * The part of dynalite 4 (which ships no types) that `local-dynamodb.ts`
 * uses: the factory, which returns a plain `http.Server` whose `close` also
 * closes the store. Options as documented in dynalite's `index.js`.
 */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  namespace dynalite {
    type Options = {
      /** How long a new table stays CREATING, in ms (dynalite's default: 500). */
      readonly createTableMs?: number;
      /** How long a deleted table stays DELETING, in ms (default: 500). */
      readonly deleteTableMs?: number;
      /** How long an updated table stays UPDATING, in ms (default: 500). */
      readonly updateTableMs?: number;
      /** The LevelDB folder; without it the store is in memory. */
      readonly path?: string;
    };
  }

  function dynalite(options?: dynalite.Options): Server;

  // A CommonJS module: `module.exports = dynalite`.
  export = dynalite;
}
