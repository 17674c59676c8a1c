// Streams the chat function's answer through an HTTP front door — a Function URL, a REST API
// route (STREAM or BUFFERED), an HTTP API route — with fetch, printing the text as it arrives,
// or the gateway's own answer when it gives up. Start a door first, e.g.:
//   bedrock-emulator rest-api --handler src/functions/chat-stream/index.ts#handler --path /chat \
//     --transfer-mode STREAM --timeout 60 -e AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:4010
// then: CHAT_URL=http://127.0.0.1:3000/prod/chat node examples/fetch-chat.mjs
const url = process.env.CHAT_URL ?? 'http://127.0.0.1:3000/prod/chat';
const prompt = process.env.PROMPT ?? 'Tell me a story';

const sent = performance.now();
const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt }) });
if (response.ok) {
  let pieces = 0;
  for await (const text of response.body.pipeThrough(new TextDecoderStream())) {
    if (pieces++ === 0) console.error(`first bytes after ${Math.round(performance.now() - sent)} ms`);
    process.stdout.write(text);
  }
  console.log(`\n[${pieces} reads in ${Math.round(performance.now() - sent)} ms]`);
} else {
  // API Gateway's answers: 504 past a REST integration timeout, 503 past an HTTP API's, 502 on a function error.
  console.log(`${response.status} ${response.headers.get('x-amzn-errortype') ?? ''} ${await response.text()}`);
}
