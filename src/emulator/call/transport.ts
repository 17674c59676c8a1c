/**
 * What an adapter can do to the connection a call came on. The app is
 * transport-free; an adapter that serves it over sockets passes this in the
 * fetch `env`, so a `drop` fault can really drop the connection.
 */
export type Transport = {
  /** Drops the connection (or the HTTP/2 stream) without a final frame; returns whether it could. */
  drop(): boolean;
  /** When the request arrived, on `performance.now()` (the clock of `systemClock`), if the adapter knows. */
  readonly receivedAt?: number;
  /** The request's header names and values as received (`[name, value, …]`), if the adapter has them: cheaper than `Request.headers`. */
  readonly rawHeaders?: readonly string[];
  /** Aborts when the client goes away before the answer is complete (a request's own signal does not always). */
  readonly closed?: AbortSignal;
};

/** The `env` an adapter passes to `emulator.fetch(request, env)`. */
export type ServeEnv = { readonly transport?: Transport };
