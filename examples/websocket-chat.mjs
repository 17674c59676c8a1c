// Chats with the shipped chat-websocket function through a local WebSocket API,
// and presses "stop" after STOP_AFTER pieces if it is set. Start the stack first:
//   npm run cli -- stack src/functions/chat-websocket/template.yaml -e AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:4010
// then, on Node 22 (its global WebSocket): npm exec -- node examples/websocket-chat.mjs
const url = process.env.WEBSOCKET_URL ?? 'ws://127.0.0.1:3000/prod';
const stopAfter = Number(process.env.STOP_AFTER ?? Infinity);

const socket = new WebSocket(url); // Node 22's own WebSocket client
let pieces = 0;
socket.addEventListener('open', () => socket.send(JSON.stringify({ action: 'chat', prompt: process.env.PROMPT ?? 'Tell me a long story' })));
socket.addEventListener('message', (message) => {
  const data = JSON.parse(message.data);
  if (data.type === 'started') return;
  if (data.type === 'delta') {
    process.stdout.write(data.text);
    if (++pieces === stopAfter) socket.send(JSON.stringify({ action: 'stop' }));
  } else if (data.type === undefined) {
    // API Gateway's own word, e.g. "Endpoint request timed out" when the chat invocation outlasts
    // the 29-second integration timeout: the function goes on posting, so keep listening.
    console.error(`\n[API Gateway] ${data.message}`);
  } else {
    console.log(`\n[${data.type}]`, data.stopReason ?? data.reason ?? data.error?.message ?? '');
    socket.close();
  }
});
