/**
 * A function that says which execution environment answered and how many
 * calls that environment has had (module state) — so a fresh environment
 * shows as a new name and a count starting over — and calls
 * `process.exit(3)` on `/exit`, after logging the name of the environment
 * it ends and leaving a timer behind that throws once it is gone. Payload
 * 1.0 or 2.0, or an Invoke payload `{"path": …}`.
 */
const environment = Math.random().toString(36).slice(2, 10);
let calls = 0;

type Event = { rawPath?: string; path?: string };

export async function handler(event: Event): Promise<unknown> {
  calls += 1;
  const path = event.rawPath ?? event.path ?? '';
  if (path.endsWith('/exit')) {
    console.log(`environment ${environment} exits`);
    // Code the exited environment leaves running: in process it runs on, and must not end the host either.
    setTimeout(() => {
      throw new Error('thrown by a timer the exited environment left');
    }, 20);
    process.exit(3);
    // Never reached on Lambda: the process is gone.
    return { statusCode: 200, body: 'after the exit' };
  }
  return { statusCode: 200, body: JSON.stringify({ environment, calls }) };
}
