import { createPlayback, type Playback, type PlaybackOptions, type Schedule } from './playback.ts';

export type { PlaybackOptions, PlaybackOutcome, Schedule, TimedFrame } from './playback.ts';

/** The error a reader sees when a fixture drops the connection and no transport can drop it for real. */
export class DroppedConnectionError extends Error {
  override readonly name = 'DroppedConnectionError';
  constructor() {
    super('bedrock-emulator dropped the connection, as the fixture asked');
  }
}

/** A scheduled response an adapter may write itself: its playback, status and headers. */
type ScheduledResponse = { readonly playback: Playback; readonly status: number; readonly headers: Readonly<Record<string, string>> };

/** The responses `scheduledResponse` made, until an adapter takes one over. */
const scheduled = new WeakMap<Response, ScheduledResponse>();

/**
 * A byte stream that releases each frame at its scheduled time (see
 * `createPlayback` for the rules). It pulls only when the reader asks, so a
 * slow reader holds the schedule back instead of piling up frames; a cancel
 * from the reader or an abort of the playback's signal stops it at once and
 * clears its timer.
 */
function streamOf(playback: Playback): ReadableStream<Uint8Array> {
  const { clock } = playback;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const action = playback.next();
        try {
          const wait = action.kind === 'done' ? 0 : action.atMs - clock.now();
          if (wait > 0) await clock.sleep(wait, playback.stopped);
          // A stall without end: send nothing more, hold the connection, until the reader goes.
          if (action.kind === 'hang') await untilAborted(playback.stopped);
        } catch (reason) {
          // Cancelled while waiting: the playback has settled. Error the stream so a
          // reader still waiting (not the one that cancelled) is released too.
          controller.error(reason);
          return;
        }
        if (action.kind === 'write') {
          controller.enqueue(action.bytes);
          playback.wrote(action, clock.now());
          if (action.last) controller.close();
        } else if (action.kind === 'drop') {
          if (!playback.drop()) controller.error(new DroppedConnectionError());
        } else if (action.kind === 'done' && !playback.stopped.aborted) {
          controller.close();
        }
      },
      cancel(reason) {
        playback.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A web `Response` whose body plays the schedule: what the app answers, for
 * any transport. An adapter that writes to sockets itself may take it over
 * (`takeScheduledResponse`) and write the same bytes at the same times
 * without reading the stream.
 *
 * @example
 * return scheduledResponse(schedule, { clock, startedAt, signal }, { status: 200, headers: { 'Content-Type': 'application/vnd.amazon.eventstream' } });
 */
export function scheduledResponse(schedule: Schedule, options: PlaybackOptions, init: { readonly status: number; readonly headers: Readonly<Record<string, string>> }): Response {
  const playback = createPlayback(schedule, options);
  const response = new Response(streamOf(playback), init);
  scheduled.set(response, { playback, ...init });
  return response;
}

/**
 * The playback, status and headers behind a `scheduledResponse`, for an
 * adapter that writes them itself (and then must not read the body);
 * undefined for any other response, or one already taken.
 *
 * @example
 * const taken = takeScheduledResponse(response); if (taken) write(taken.playback, socket);
 */
export function takeScheduledResponse(response: Response): ScheduledResponse | undefined {
  const taken = scheduled.get(response);
  scheduled.delete(response);
  return taken;
}

/** A promise that only settles (rejecting with the reason) when the signal aborts. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
