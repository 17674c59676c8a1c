/**
 * Every Bedrock Runtime exception the emulator can raise, with the HTTP status
 * Bedrock gives it (docs/protocol/errors.md#exception-table), the lowerCamel `:exception-type` of its
 * stream form where it has one (docs/protocol/response-stream.md#exception-events), and a message in Bedrock's words for
 * when a fixture gives none.
 *
 * @example
 * exceptionCatalog.ThrottlingException.status // 429
 */
export const exceptionCatalog = {
  ValidationException: { status: 400, fault: 'client', streamType: 'validationException', message: 'The request failed validation.' },
  ConflictException: { status: 400, fault: 'client', streamType: undefined, message: 'The request could not be completed because of a conflict.' },
  ServiceQuotaExceededException: {
    status: 400,
    fault: 'client',
    streamType: undefined,
    message: 'Your request exceeds the service quota for your account. You can view your quotas at https://console.aws.amazon.com/servicequotas. You can resubmit your request later.',
  },
  AccessDeniedException: { status: 403, fault: 'client', streamType: undefined, message: "You don't have access to the model with the specified model ID." },
  /** Authentication (the service front end's, not Bedrock's own): the key or token is not known. */
  UnrecognizedClientException: { status: 403, fault: 'client', streamType: undefined, message: 'The security token included in the request is invalid.' },
  /** Authentication: the signature does not match, or its date or scope is wrong. */
  InvalidSignatureException: {
    status: 403,
    fault: 'client',
    streamType: undefined,
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  /** Authentication: the Authorization header lacks a part. */
  IncompleteSignatureException: { status: 403, fault: 'client', streamType: undefined, message: 'The request signature does not conform to AWS standards.' },
  /** Authentication: the session token has expired. */
  ExpiredTokenException: { status: 403, fault: 'client', streamType: undefined, message: 'The security token included in the request is expired' },
  /** Authentication: no Authorization at all. */
  MissingAuthenticationTokenException: { status: 403, fault: 'client', streamType: undefined, message: 'Missing Authentication Token' },
  ResourceNotFoundException: { status: 404, fault: 'client', streamType: undefined, message: 'The requested resource could not be found.' },
  UnknownOperationException: { status: 404, fault: 'client', streamType: undefined, message: 'No such operation.' },
  /** The emulator's own: no fixture matched and the unmatched policy is `error`. */
  NoFixtureMatchedException: { status: 404, fault: 'client', streamType: undefined, message: 'No fixture matched the request.' },
  ModelTimeoutException: { status: 408, fault: 'client', streamType: 'modelTimeoutException', message: 'Model has timed out in processing the request. Try your request again.' },
  ModelErrorException: { status: 424, fault: 'client', streamType: undefined, message: 'The system encountered an unexpected error during processing. Try your request again.' },
  ModelStreamErrorException: { status: 424, fault: 'client', streamType: 'modelStreamErrorException', message: 'Model stream error' },
  ModelNotReadyException: {
    status: 429,
    fault: 'client',
    streamType: undefined,
    message: 'Model is not ready to serve inference requests. The AWS SDK will automatically retry the operation up to 5 times.',
  },
  ThrottlingException: { status: 429, fault: 'client', streamType: 'throttlingException', message: 'Too many requests, please wait before trying again.' },
  InternalServerException: { status: 500, fault: 'server', streamType: 'internalServerException', message: 'The server encountered an internal error while processing the request.' },
  ServiceUnavailableException: { status: 503, fault: 'server', streamType: 'serviceUnavailableException', message: 'Bedrock is unable to process your request.' },
} as const satisfies Record<string, ExceptionSpec>;

type ExceptionSpec = {
  readonly status: number;
  readonly fault: 'client' | 'server';
  /** The `:exception-type` of the stream frame, when the exception can be sent mid-stream. */
  readonly streamType: string | undefined;
  /** What Bedrock says when nothing more specific is given. */
  readonly message: string;
};

export type ExceptionName = keyof typeof exceptionCatalog;

/** The exceptions a fixture may answer with before a stream starts (the emulator's own are not among them). */
export const httpFaultNames = [
  'ValidationException',
  'ConflictException',
  'ServiceQuotaExceededException',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ModelTimeoutException',
  'ModelErrorException',
  'ModelStreamErrorException',
  'ModelNotReadyException',
  'ThrottlingException',
  'InternalServerException',
  'ServiceUnavailableException',
] as const satisfies readonly ExceptionName[];

/** The exception frames a stream can carry (docs/protocol/response-stream.md#exception-events; ConverseStream has all but modelTimeoutException, which it sends as a modelStreamErrorException: docs/protocol/converse.md#conversestream-events). */
export const streamFaultTypes = [
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'modelTimeoutException',
  'serviceUnavailableException',
] as const;

export type StreamFaultType = (typeof streamFaultTypes)[number];

/** The exception a stream fault type names, in its HTTP form. */
export function exceptionOfStreamType(type: StreamFaultType): ExceptionName {
  const found = (Object.keys(exceptionCatalog) as ExceptionName[]).find((name) => exceptionCatalog[name].streamType === type);
  if (found === undefined) throw new Error(`no exception has the stream type ${type}`);
  return found;
}
