import { systemClock } from '../../core/playback/clock.ts';
import type { Playback, PlaybackAction } from '../../core/playback/playback.ts';
import type { Cancel, TimerWheel } from './timer-wheel.ts';

/** What is used of a response, HTTP/1.1's or HTTP/2's (their types are not compatible, their methods are). */
export type Outgoing = {
  write(chunk: Uint8Array): boolean;
  end(chunk?: Uint8Array): unknown;
  destroy(): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  readonly writableFinished: boolean;
  readonly writableEnded: boolean;
};

/** An HTTP/1.1 response's socket, corked while the writes due together are queued. */
type Corkable = { cork(): void; uncork(): void };

/**
 * Plays a response's schedule straight onto the connection: the same
 * playback core as the web stream, without a stream hop per frame. On the
 * real clock it runs on the shared timer wheel, and at the moment a write is
 * due it only writes: rendering the next write and reporting this one wait
 * until every write due at that moment is out. The head is already written.
 * Back-pressure holds the schedule back (the next write waits for `drain`);
 * the connection closing cancels the playback.
 *
 * @example
 * response.writeHead(200, headers); writePlayback(playback, response, wheel, response.socket ?? undefined);
 */
export function writePlayback(playback: Playback, outgoing: Outgoing, wheel: TimerWheel, socket?: Corkable): void {
  const { clock } = playback;
  const onWheel = clock === systemClock;
  let cancelWait: Cancel | undefined;
  const at = (time: number, task: () => void): void => {
    if (onWheel) {
      cancelWait = wheel.at(time, task);
      return;
    }
    // Any other clock (a test's) keeps its own sleeps.
    const wait = time - clock.now();
    if (wait <= 0) queueMicrotask(task);
    else clock.sleep(wait, playback.stopped).then(task, () => undefined);
  };
  const later = (task: () => void): void => (onWheel ? wheel.afterwards(task) : queueMicrotask(task));
  // Corked, a write waits in the socket until the wheel sends every write due with it
  // (Node's response would otherwise uncork on the next tick, after the bookkeeping).
  const cork = onWheel && socket !== undefined ? socket : undefined;
  const uncork = (): void => cork?.uncork();
  outgoing.once('close', () => {
    cancelWait?.();
    if (!outgoing.writableFinished) playback.cancel(new Error('The client closed the connection.'));
  });

  const perform = (action: PlaybackAction): void => {
    cancelWait = undefined;
    switch (action.kind) {
      case 'write': {
        const writtenAt = clock.now();
        // The next write waits for both: this one reported, and the connection drained
        // (listened for now: a write flushed at once announces its drain on the next tick).
        cork?.cork();
        // The last write ends the body too: its bytes and the closing chunk leave in one send.
        let drained = true;
        if (action.last) outgoing.end(action.bytes);
        else drained = outgoing.write(action.bytes);
        if (cork !== undefined) wheel.flush(uncork);
        let reported = false;
        if (!drained) {
          outgoing.once('drain', () => {
            drained = true;
            if (reported) advance();
          });
        }
        later(() => {
          reported = true;
          playback.wrote(action, writtenAt);
          if (!action.last && drained) advance();
        });
        return;
      }
      case 'hang':
        // Nothing more, ever: the connection's close ends it.
        return;
      case 'drop':
        if (!playback.drop()) outgoing.destroy();
        return;
      case 'done':
        if (!playback.stopped.aborted && !outgoing.writableEnded) outgoing.end();
        return;
    }
  };
  const advance = (): void => {
    const action = playback.next();
    // Found due in the wheel's turn (the process is behind), it queues behind what was due before it.
    if (action.kind === 'done' || (action.atMs <= clock.now() && !(onWheel && wheel.firing()))) perform(action);
    else at(action.atMs, () => perform(action));
  };
  advance();
}
