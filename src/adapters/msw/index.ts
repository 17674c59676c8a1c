/** `bedrock-emulator/msw`: answer Bedrock Runtime requests in msw from the emulator app. */
export { bedrockHandlers, type BedrockHandlerOptions } from './bedrock-handlers.ts';
