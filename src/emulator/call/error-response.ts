import { BedrockException } from '../../core/errors/bedrock-exception.ts';

const errorTypeNamespace: Record<string, string> = {
  UnknownOperationException: 'http://internal.amazon.com/coral/com.amazon.coral.service/',
  // Authentication is answered by the service framework in front of Bedrock, in its namespace.
  UnrecognizedClientException: 'http://internal.amazon.com/coral/com.amazon.coral.service/',
  InvalidSignatureException: 'http://internal.amazon.com/coral/com.amazon.coral.service/',
  IncompleteSignatureException: 'http://internal.amazon.com/coral/com.amazon.coral.service/',
  ExpiredTokenException: 'http://internal.amazon.com/coral/com.amazon.coral.service/',
  MissingAuthenticationTokenException: 'http://internal.amazon.com/coral/com.amazon.coral.service/',
  NoFixtureMatchedException: 'https://github.com/bedrock-emulator/',
};
const bedrockNamespace = 'http://internal.amazon.com/coral/com.amazon.bedrock/';

/**
 * An exception as an HTTP error response, in the shape every client reads
 * (docs/protocol/errors.md#wire-shape-of-an-http-error): status, `x-amzn-ErrorType: Name:namespace`, the request id,
 * and a JSON body with `message` and the exception's own members.
 *
 * @example
 * renderExceptionResponse(new BedrockException('ThrottlingException', 'Too many requests'), requestId)
 */
export function renderExceptionResponse(exception: BedrockException, requestId: string): Response {
  return new Response(JSON.stringify(exception.toBody()), {
    status: exception.status,
    headers: {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': `${exception.name}:${errorTypeNamespace[exception.name] ?? bedrockNamespace}`,
    },
  });
}

/** Any thrown value as a Bedrock exception; a bug in the emulator becomes an InternalServerException. */
export function toBedrockException(error: unknown): BedrockException {
  if (error instanceof BedrockException) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BedrockException('InternalServerException', `bedrock-emulator failed to handle the request: ${detail}`);
}
