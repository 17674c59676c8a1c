/** Cancels a scheduled task; safe to call more than once, or after it ran. */
export type Cancel = () => void;

type Task = { run: (() => void) | undefined };

/**
 * One timer for every stream: tasks are kept in buckets of one millisecond
 * (a min-heap of bucket times), and a single `setTimeout` is armed for the
 * earliest. Thousands of streams waiting for their next frame cost a heap
 * entry each, not a timer each, and all the frames due in the same
 * millisecond are written together: each queues its write, the writes are
 * sent together, then each stream's bookkeeping runs.
 *
 * When the process falls behind, due buckets run strictly in time order, so
 * no stream waits behind others whose frames were due after its own; and a
 * turn that has run for `turnBudgetMs` hands the event loop back (reading
 * and new requests go on) before it goes on with what is due.
 *
 * @example
 * const wheel = createTimerWheel(); const cancel = wheel.at(performance.now() + 20, () => write());
 */
export function createTimerWheel(now: () => number = () => performance.now(), turnBudgetMs = 10) {
  const buckets = new Map<number, Task[]>();
  /** Writes queued by the tasks due in this turn, sent once every one of them has queued its own. */
  let flushes: (() => void)[] = [];
  /** Work put off until every task due in this turn has run and its write has been sent. */
  let later: (() => void)[] = [];
  let drainScheduled = false;
  const drain = (): void => {
    drainScheduled = false;
    while (flushes.length > 0 || later.length > 0) {
      const sends = flushes;
      flushes = [];
      for (const send of sends) send();
      const tasks = later;
      later = [];
      for (const task of tasks) task();
    }
  };
  const scheduleDrain = (): void => {
    if (drainScheduled) return;
    drainScheduled = true;
    queueMicrotask(() => {
      if (drainScheduled) drain();
    });
  };
  const heap: number[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor: number | undefined;
  /** Tasks scheduled and neither run nor cancelled: with none, no timer is held. */
  let live = 0;
  const disarmIfIdle = (): void => {
    if (live > 0) return;
    clearTimeout(timer);
    timer = undefined;
    armedFor = undefined;
    buckets.clear();
    heap.length = 0;
  };

  const arm = (): void => {
    const earliest = heap[0];
    // While a turn runs (or is about to resume) it picks up what is due itself.
    if (firing || resumeScheduled || earliest === undefined || earliest === armedFor) return;
    clearTimeout(timer);
    armedFor = earliest;
    timer = setTimeout(fire, Math.max(0, earliest - now()));
  };
  let firing = false;
  let resumeScheduled = false;
  const resume = (): void => {
    resumeScheduled = false;
    fire();
  };
  const fire = (): void => {
    timer = undefined;
    armedFor = undefined;
    firing = true;
    const startedAt = now();
    let reading = startedAt;
    // One bucket at a time, its writes sent and its bookkeeping done before the next: the
    // bookkeeping schedules each stream's next frame, which (if the process is behind) may
    // already be due and then waits its turn in time order behind those due before it.
    for (let earliest = heap[0]; earliest !== undefined && earliest <= reading; earliest = heap[0]) {
      popHeap(heap);
      const tasks = buckets.get(earliest) ?? [];
      buckets.delete(earliest);
      for (const task of tasks) {
        const run = task.run;
        if (run === undefined) continue;
        task.run = undefined;
        live -= 1;
        run();
      }
      drain();
      reading = now();
      if (reading - startedAt >= turnBudgetMs && heap[0] !== undefined && heap[0] <= reading) {
        // Behind: let the event loop read and accept, then go on at once.
        if (!resumeScheduled) {
          resumeScheduled = true;
          setImmediate(resume);
        }
        firing = false;
        return;
      }
    }
    firing = false;
    arm();
    disarmIfIdle();
  };

  return {
    /** Runs `task` once the clock reads `time` or later. */
    at(time: number, run: () => void): Cancel {
      const bucket = Math.ceil(time);
      const task: Task = { run };
      live += 1;
      const tasks = buckets.get(bucket);
      if (tasks === undefined) {
        buckets.set(bucket, [task]);
        pushHeap(heap, bucket);
        arm();
      } else {
        tasks.push(task);
      }
      return () => {
        if (task.run === undefined) return;
        task.run = undefined;
        live -= 1;
        disarmIfIdle();
      };
    },
    /**
     * Runs `send` once every task due in the current turn has run (right
     * away if none is running), before any `afterwards` work: writes queued
     * (corked) by each stream leave together, ahead of the bookkeeping.
     */
    flush(send: () => void): void {
      flushes.push(send);
      scheduleDrain();
    },
    /**
     * Runs `task` after every task due in the current turn and their
     * flushes (right away if none is running): what can wait a moment does
     * not delay what is due.
     */
    afterwards(task: () => void): void {
      later.push(task);
      scheduleDrain();
    },
    /**
     * Whether a turn of due tasks is running: work found due then should be
     * scheduled (`at`), not done on the spot, to keep its place in time order.
     */
    firing: (): boolean => firing,
    /** Tasks waiting to run (for tests: a cancelled stream leaves none). */
    pending: (): number => live,
  };
}

export type TimerWheel = ReturnType<typeof createTimerWheel>;

function pushHeap(heap: number[], value: number): void {
  heap.push(value);
  for (let index = heap.length - 1; index > 0; ) {
    const parent = (index - 1) >> 1;
    if ((heap[parent] ?? 0) <= value) break;
    heap[index] = heap[parent] ?? 0;
    heap[parent] = value;
    index = parent;
  }
}

function popHeap(heap: number[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  heap[0] = last;
  for (let index = 0; ; ) {
    const left = 2 * index + 1;
    const right = left + 1;
    let smallest = index;
    if (left < heap.length && (heap[left] ?? 0) < (heap[smallest] ?? 0)) smallest = left;
    if (right < heap.length && (heap[right] ?? 0) < (heap[smallest] ?? 0)) smallest = right;
    if (smallest === index) return;
    [heap[index], heap[smallest]] = [heap[smallest] ?? 0, heap[index] ?? 0];
    index = smallest;
  }
}
