// Embeds three texts with Titan Text Embeddings V2 on bedrock-emulator, and shows that the similar
// pair is closer than the unrelated one. Run the emulator first (npm start), then:
//   node examples/models/embeddings.mjs
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ??= 'http://127.0.0.1:4010';
const client = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' } });

async function embed(inputText) {
  const response = await client.send(
    new InvokeModelCommand({ modelId: 'amazon.titan-embed-text-v2:0', body: JSON.stringify({ inputText, dimensions: 512, normalize: true }) }),
  );
  return JSON.parse(new TextDecoder().decode(response.body)).embedding;
}
const cosine = (a, b) => a.reduce((sum, value, index) => sum + value * b[index], 0);

const [cat, kitten, markets] = await Promise.all([embed('The cat sat on the mat.'), embed('A cat was sitting on a mat.'), embed('Stock markets fell sharply today.')]);
console.log(`dimensions: ${cat.length}`);
console.log(`similar texts: ${cosine(cat, kitten).toFixed(3)}, unrelated: ${cosine(cat, markets).toFixed(3)}`);
client.destroy();
