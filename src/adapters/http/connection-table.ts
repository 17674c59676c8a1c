/** One open connection, as the table knows it. */
export type TableEntry = {
  /** Requests (HTTP/1.1) or streams (HTTP/2) in progress on it. */
  inFlight: number;
  /** Taken over for good (an upgraded WebSocket): never idle again. */
  held: boolean;
  /** Closed, or being closed by the table: no longer counted. */
  gone: boolean;
  readonly close: () => void;
};

/** What the table did that the server should say: once per episode each. */
export type Pressure = { readonly kind: 'shedding' | 'refusing'; readonly open: number };

export type ConnectionTableOptions = {
  /** The most connections open at once. */
  readonly capacity: number;
  /** Slots kept free below `capacity` by closing idle connections. */
  readonly reserve: number;
  /** Told the first time the table sheds, and the first time it refuses, in an episode. */
  readonly onPressure: (pressure: Pressure) => void;
};

/**
 * The open connections of one server, and which of them may be closed to
 * make room. A connection is idle when it has no request in progress: it has
 * not sent a complete request head yet (silent, slowloris), or it is a
 * keep-alive connection between requests, or an HTTP/2 session with no open
 * stream. Idle connections are kept in the order they became idle.
 *
 * When fewer than `reserve` slots are free, the connection idle longest is
 * closed; at `capacity`, a newcomer still gets a slot by closing one. A
 * connection with a request or stream in progress is never closed here: when
 * every connection has one, a newcomer is refused. Like nginx's reusable
 * connections, a flood of silent clients costs the oldest of them their slot,
 * not the next well-behaved client. Everything is O(1) per connection.
 *
 * An episode ends when the open connections fall to half the capacity; the
 * next shedding or refusing is then said again.
 *
 * @example
 * const table = createConnectionTable({ capacity: 10_000, reserve: 100, onPressure: ({ kind }) => console.warn(kind) });
 * const entry = table.admit(() => socket.destroy());
 * if (entry === undefined) socket.destroy();
 */
export function createConnectionTable(options: ConnectionTableOptions) {
  const { capacity, reserve, onPressure } = options;
  /** Idle connections; a Set iterates in insertion order, so the first is the one idle longest. */
  const idle = new Set<TableEntry>();
  let open = 0;
  const said = { shedding: false, refusing: false };
  const say = (kind: Pressure['kind']): void => {
    if (said[kind]) return;
    said[kind] = true;
    onPressure({ kind, open });
  };
  const shed = (entry: TableEntry): void => {
    idle.delete(entry);
    entry.gone = true;
    open -= 1;
    say('shedding');
    entry.close();
  };
  const oldestIdle = (): TableEntry | undefined => idle.values().next().value;

  return {
    /** Takes a new connection, closing idle ones to make room; `undefined` when every slot has a request in progress. */
    admit(close: () => void): TableEntry | undefined {
      if (open <= capacity / 2) said.shedding = said.refusing = false;
      if (open >= capacity) {
        const oldest = oldestIdle();
        if (oldest === undefined) {
          say('refusing');
          return undefined;
        }
        shed(oldest);
      }
      const entry: TableEntry = { inFlight: 0, held: false, gone: false, close };
      open += 1;
      idle.add(entry);
      // Keep the reserve free, never at the newcomer's cost: it has had no time to speak yet.
      for (let oldest = oldestIdle(); capacity - open < reserve && oldest !== undefined && oldest !== entry; oldest = oldestIdle()) shed(oldest);
      return entry;
    },
    /** A request head was read, or an HTTP/2 stream opened. */
    requestStarted(entry: TableEntry): void {
      entry.inFlight += 1;
      idle.delete(entry);
    },
    /** That request's response ended (or its stream closed): with none left, the connection is idle from now. */
    requestEnded(entry: TableEntry): void {
      entry.inFlight -= 1;
      if (entry.inFlight === 0 && !entry.held && !entry.gone) idle.add(entry);
    },
    /** The connection was taken over (a WebSocket): it is never shed. */
    hold(entry: TableEntry): void {
      entry.held = true;
      idle.delete(entry);
    },
    /** The connection closed on its own. */
    closed(entry: TableEntry): void {
      if (entry.gone) return;
      entry.gone = true;
      idle.delete(entry);
      open -= 1;
    },
    /** Closes up to `count` idle connections, idle longest first; returns how many. */
    shedIdle(count: number): number {
      let closed = 0;
      for (let oldest = oldestIdle(); closed < count && oldest !== undefined; oldest = oldestIdle(), closed++) shed(oldest);
      return closed;
    },
    open: (): number => open,
    idle: (): number => idle.size,
  };
}

/** How many connections a server takes, how many slots it keeps free, and what set the cap. */
export type Capacity = {
  readonly capacity: number;
  readonly reserve: number;
  /** Set by the process's open-file limit (it was below `maxConnections`): that limit, the descriptors open at start, and those kept free. */
  readonly files?: { readonly limit: number; readonly open: number; readonly kept: number };
};

/**
 * The cap is `maxConnections`, or, when lower, the open-file limit less the
 * descriptors already open and the reserve (so that a server at its cap still
 * leaves the process descriptors for its files and child processes); the
 * reserve is at most a quarter of the cap.
 *
 * @example
 * connectionCapacity({ maxConnections: 10_000, reservedConnections: 100 }, { limit: 1024, open: 24 }); // { capacity: 900, reserve: 100, files: … }
 */
export function connectionCapacity(limits: { readonly maxConnections: number; readonly reservedConnections: number }, files: { readonly limit: number; readonly open: number } | undefined): Capacity {
  const wanted = Math.max(0, limits.reservedConnections);
  const byFiles = files === undefined ? Infinity : files.limit - files.open - wanted;
  const capacity = Math.max(1, Math.floor(Math.min(limits.maxConnections, byFiles)));
  const reserve = Math.min(Math.floor(wanted), Math.floor(capacity / 4));
  return files !== undefined && byFiles < limits.maxConnections ? { capacity, reserve, files: { limit: files.limit, open: files.open, kept: wanted } } : { capacity, reserve };
}
