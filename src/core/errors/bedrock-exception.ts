import { exceptionCatalog, type ExceptionName } from './exception-catalog.ts';

/** Extra members some exceptions carry in their body, e.g. `originalStatusCode`. */
type ExceptionMembers = Readonly<Record<string, string | number | boolean>>;

/**
 * One Bedrock exception. It renders either as an HTTP error response (before a
 * stream starts) or as an exception frame (after it started); see
 * `renderExceptionResponse` in `server/` and `encodeExceptionFrame` in `eventstream/`.
 *
 * @example
 * throw new BedrockException('ValidationException', 'The provided model identifier is invalid.');
 */
export class BedrockException extends Error {
  override readonly name: ExceptionName;
  readonly status: number;
  readonly members: ExceptionMembers;

  constructor(name: ExceptionName, message: string, members: ExceptionMembers = {}) {
    super(message);
    this.name = name;
    this.status = exceptionCatalog[name].status;
    this.members = members;
  }

  /** The JSON body Bedrock sends: `message` plus the exception's own members at top level. */
  toBody(): Record<string, string | number | boolean> {
    return { message: this.message, ...this.members };
  }
}

/**
 * Bedrock's message format for a body that fails its JSON schema check.
 *
 * @example
 * malformedInput('#/max_tokens: expected type: Integer, found: String')
 */
export function malformedInput(detail: string): BedrockException {
  return new BedrockException(
    'ValidationException',
    `Malformed input request: ${detail}, please reformat your input and try again.`,
  );
}

export const invalidModelIdentifier = (): BedrockException =>
  new BedrockException('ValidationException', 'The provided model identifier is invalid.');
