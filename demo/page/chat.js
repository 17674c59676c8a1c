// The chat page's logic: one answer at a time, through the front door chosen.
const answer = document.querySelector('#answer');
const status = document.querySelector('#status');
const sendButton = document.querySelector('#send');
const stopButton = document.querySelector('#stop');
const form = document.querySelector('#chat');
const config = await (await fetch('config.json')).json();

/** What Stop does for the answer under way (undefined when none is). */
let stopCurrent;
let startedAt = 0;
let firstTokenAt;

const say = (text) => (status.textContent = text);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
const append = (text) => {
  if (firstTokenAt === undefined) firstTokenAt = performance.now();
  answer.textContent += text;
  say(`Streaming… first token after ${Math.round(firstTokenAt - startedAt)} ms, ${elapsed()} so far.`);
};
const begin = (stop) => {
  answer.textContent = '';
  startedAt = performance.now();
  firstTokenAt = undefined;
  stopCurrent = stop;
  sendButton.disabled = true;
  stopButton.disabled = stop === undefined;
  say('Waiting for the first token…');
};
const finish = (text) => {
  stopCurrent = undefined;
  sendButton.disabled = false;
  stopButton.disabled = true;
  say(`${text} (${elapsed()})`);
};

// The WebSocket: opened once, kept; the function posts each piece to it.
let socket;
function openSocket() {
  if (socket !== undefined && socket.readyState <= WebSocket.OPEN) return Promise.resolve(socket);
  socket = new WebSocket(config.webSocketUrl);
  let generation;
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'started') generation = data.generationId;
    // An earlier answer's last words (it was superseded): not this one's.
    else if (data.generationId !== undefined && data.generationId !== generation) return;
    if (data.type === 'delta') append(data.text);
    else if (data.type === 'done') finish(`Done: ${data.stopReason}.`);
    else if (data.type === 'stopped') finish('Stopped.');
    else if (data.type === 'error') finish(`Error: ${data.error.type}: ${data.error.message}`);
    else if (data.message !== undefined) say(`API Gateway says: ${data.message}`);
  });
  socket.addEventListener('close', () => {
    if (stopCurrent !== undefined) finish('The connection closed.');
  });
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => reject(new Error('could not connect')), { once: true });
  });
}

async function viaWebSocket(prompt) {
  const ws = await openSocket();
  begin(() => {
    say('Stopping…');
    ws.send(JSON.stringify({ action: 'stop' }));
  });
  ws.send(JSON.stringify({ action: 'chat', prompt }));
}

async function viaHttp(path, prompt, streaming) {
  const abort = new AbortController();
  begin(streaming ? () => abort.abort() : undefined);
  try {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ prompt }), signal: abort.signal });
    if (!response.ok) {
      const body = await response.text();
      let message = body;
      try {
        const parsed = JSON.parse(body);
        message = parsed.message ?? parsed.Message ?? parsed.error?.message ?? body;
      } catch {}
      finish(`${response.status} ${message}`);
      return;
    }
    if (!streaming) {
      append(await response.text());
      finish('Done: the whole answer at once.');
      return;
    }
    const decoder = new TextDecoder();
    for await (const chunk of response.body) append(decoder.decode(chunk, { stream: true }));
    finish('Done.');
  } catch (error) {
    finish(abort.signal.aborted ? 'Stopped: the request was closed.' : `Error: ${error.message}`);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const prompt = document.querySelector('#prompt').value;
  const door = document.querySelector('input[name="door"]:checked').value;
  if (door === 'websocket') void viaWebSocket(prompt).catch((error) => finish(`Error: ${error.message}`));
  else if (door === 'function-url') void viaHttp('api/function-url/', prompt, true);
  else if (door === 'rest-stream') void viaHttp('api/rest/chat-stream', prompt, true);
  else void viaHttp('api/rest/chat', prompt, false);
});
stopButton.addEventListener('click', () => stopCurrent?.());
