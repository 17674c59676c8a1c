import { describe, expect, it } from 'vitest';
import { connectionCapacity, createConnectionTable, type Pressure } from './connection-table.ts';

/** A table whose connections record when they are closed, by name. */
function tableOf(capacity: number, reserve: number) {
  const closed: string[] = [];
  const said: Pressure[] = [];
  const table = createConnectionTable({ capacity, reserve, onPressure: (pressure) => said.push(pressure) });
  const admit = (name: string) => table.admit(() => closed.push(name));
  return { table, admit, closed, said };
}

describe('createConnectionTable', () => {
  it('keeps the reserve free by closing the connection idle longest, never the newcomer', () => {
    const { table, admit, closed, said } = tableOf(5, 2);
    for (const name of ['a', 'b', 'c']) admit(name);
    expect(closed).toEqual([]);
    admit('d');
    expect(closed).toEqual(['a']);
    admit('e');
    expect(closed).toEqual(['a', 'b']);
    expect(table.open()).toBe(3);
    expect(said).toEqual([{ kind: 'shedding', open: 3 }]);
  });

  it('never closes a connection with a request in progress, and refuses a newcomer only when every slot has one', () => {
    const { table, admit, closed, said } = tableOf(3, 0);
    const busy = ['a', 'b', 'c'].map((name) => admit(name));
    for (const entry of busy) if (entry !== undefined) table.requestStarted(entry);
    expect(admit('d')).toBeUndefined();
    expect(closed).toEqual([]);
    expect(said).toEqual([{ kind: 'refusing', open: 3 }]);
    // Its response ended: the connection is idle again, and the next newcomer takes its slot.
    if (busy[1] !== undefined) table.requestEnded(busy[1]);
    expect(admit('e')).toEqual({ inFlight: 0, held: false, gone: false, close: expect.any(Function) });
    expect(closed).toEqual(['b']);
    expect([table.open(), table.idle()]).toEqual([3, 1]);
  });

  it('orders idle connections by when they became idle: a keep-alive connection between requests goes after older silent ones', () => {
    const { table, admit, closed } = tableOf(3, 0);
    const first = admit('first');
    admit('silent');
    if (first !== undefined) {
      table.requestStarted(first);
      table.requestEnded(first);
    }
    admit('third');
    admit('fourth');
    admit('fifth');
    expect(closed).toEqual(['silent', 'first']);
  });

  it('never closes a held connection (a WebSocket) nor counts one that closed on its own', () => {
    const { table, admit, closed } = tableOf(2, 0);
    const socket = admit('websocket');
    if (socket !== undefined) table.hold(socket);
    const gone = admit('gone');
    if (gone !== undefined) table.closed(gone);
    expect(table.open()).toBe(1);
    admit('next');
    expect(admit('newest')).toEqual({ inFlight: 0, held: false, gone: false, close: expect.any(Function) });
    expect(closed).toEqual(['next']);
    expect([table.open(), table.idle()]).toEqual([2, 1]);
  });

  it('says each kind once per episode, again after the open connections fell to half the cap', () => {
    const { table, admit, said } = tableOf(4, 1);
    const entries = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => admit(name));
    expect(said.map(({ kind }) => kind)).toEqual(['shedding']);
    for (const entry of entries) if (entry !== undefined) table.closed(entry);
    for (const name of ['g', 'h', 'i', 'j']) admit(name);
    expect(said.map(({ kind }) => kind)).toEqual(['shedding', 'shedding']);
  });

  it('closes idle connections on demand, idle longest first', () => {
    const { table, admit, closed } = tableOf(10, 0);
    for (const name of ['a', 'b', 'c']) admit(name);
    expect(table.shedIdle(2)).toBe(2);
    expect(closed).toEqual(['a', 'b']);
    expect(table.shedIdle(5)).toBe(1);
    expect(table.idle()).toBe(0);
  });
});

describe('connectionCapacity', () => {
  it('is maxConnections, or the open-file limit less what is open and the reserve when that is lower', () => {
    expect(connectionCapacity({ maxConnections: 10_000, reservedConnections: 100 }, { limit: 20_000, open: 40 })).toEqual({ capacity: 10_000, reserve: 100 });
    expect(connectionCapacity({ maxConnections: 10_000, reservedConnections: 100 }, undefined)).toEqual({ capacity: 10_000, reserve: 100 });
    expect(connectionCapacity({ maxConnections: 10_000, reservedConnections: 100 }, { limit: 1024, open: 24 })).toEqual({ capacity: 900, reserve: 100, files: { limit: 1024, open: 24, kept: 100 } });
  });

  it('keeps at most a quarter of the cap in reserve, and at least one connection', () => {
    expect(connectionCapacity({ maxConnections: 20, reservedConnections: 100 }, undefined)).toEqual({ capacity: 20, reserve: 5 });
    expect(connectionCapacity({ maxConnections: 3, reservedConnections: 100 }, undefined)).toEqual({ capacity: 3, reserve: 0 });
    expect(connectionCapacity({ maxConnections: 10, reservedConnections: 5 }, { limit: 64, open: 70 }).capacity).toBe(1);
  });
});
