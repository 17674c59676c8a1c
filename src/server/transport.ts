/**
 * What an adapter can do to the connection a call came on. The app is
 * transport-free; an adapter that serves it over sockets passes this in the
 * fetch `env`, so a `drop` fault can really drop the connection.
 */
export type Transport = {
  /** Drops the connection (or the HTTP/2 stream) without a final frame; returns whether it could. */
  drop(): boolean;
};

/** The `env` an adapter passes to `emulator.fetch(request, env)`. */
export type ServeEnv = { readonly transport?: Transport };
