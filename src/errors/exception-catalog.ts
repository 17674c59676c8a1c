/**
 * Every Bedrock Runtime exception the emulator can raise, with the HTTP status
 * Bedrock gives it (REFERENCE §6.1) and, for the ones that can also arrive
 * mid-stream, the lowerCamel `:exception-type` the event stream uses (§3.2).
 *
 * @example
 * exceptionCatalog.ThrottlingException.status // 429
 */
export const exceptionCatalog = {
  ValidationException: { status: 400, fault: 'client', streamType: 'validationException' },
  ServiceQuotaExceededException: { status: 400, fault: 'client', streamType: undefined },
  AccessDeniedException: { status: 403, fault: 'client', streamType: undefined },
  ResourceNotFoundException: { status: 404, fault: 'client', streamType: undefined },
  UnknownOperationException: { status: 404, fault: 'client', streamType: undefined },
  /** The emulator's own: no fixture matched and the unmatched policy is `error`. */
  NoFixtureMatchedException: { status: 404, fault: 'client', streamType: undefined },
  ModelTimeoutException: { status: 408, fault: 'client', streamType: 'modelTimeoutException' },
  ModelErrorException: { status: 424, fault: 'client', streamType: undefined },
  ModelStreamErrorException: { status: 424, fault: 'client', streamType: 'modelStreamErrorException' },
  ModelNotReadyException: { status: 429, fault: 'client', streamType: undefined },
  ThrottlingException: { status: 429, fault: 'client', streamType: 'throttlingException' },
  InternalServerException: { status: 500, fault: 'server', streamType: 'internalServerException' },
  ServiceUnavailableException: { status: 503, fault: 'server', streamType: 'serviceUnavailableException' },
} as const satisfies Record<string, ExceptionSpec>;

export type ExceptionSpec = {
  readonly status: number;
  readonly fault: 'client' | 'server';
  /** The `:exception-type` of the stream frame, when the exception can be sent mid-stream. */
  readonly streamType: string | undefined;
};

export type ExceptionName = keyof typeof exceptionCatalog;

export function isExceptionName(name: string): name is ExceptionName {
  return Object.hasOwn(exceptionCatalog, name);
}
