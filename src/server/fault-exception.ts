import { BedrockException } from '../errors/bedrock-exception.ts';
import { exceptionCatalog, exceptionOfStreamType, type ExceptionName } from '../errors/exception-catalog.ts';
import type { StreamErrorFault } from '../fixtures/fixture-schema.ts';

type ExceptionFields = {
  readonly message?: string | undefined;
  readonly originalStatusCode?: number | undefined;
  readonly originalMessage?: string | undefined;
  readonly resourceName?: string | undefined;
};

/**
 * The exception a fixture asks for, with Bedrock's message and the members
 * its type carries (REFERENCE §6.1): `originalStatusCode` (default 500) and
 * `resourceName` for ModelErrorException, `originalStatusCode` and
 * `originalMessage` for ModelStreamErrorException.
 *
 * @example
 * injectedException('ThrottlingException', {}, modelId)
 */
export function injectedException(type: ExceptionName, fields: ExceptionFields, resourceName: string): BedrockException {
  const members: Record<string, string | number> = {};
  if (type === 'ModelErrorException' || type === 'ModelStreamErrorException') members['originalStatusCode'] = fields.originalStatusCode ?? 500;
  if (type === 'ModelErrorException') members['resourceName'] = fields.resourceName ?? resourceName;
  if (type === 'ModelStreamErrorException') members['originalMessage'] = fields.originalMessage ?? 'The model returned an error.';
  const exception = new BedrockException(type, fields.message ?? exceptionCatalog[type].message, members);
  exception.injected = true;
  return exception;
}

/**
 * A mid-stream fault as its HTTP twin, for calls that do not stream: a model
 * stream error becomes a ModelErrorException, the others keep their type.
 */
export function streamFaultAsHttp(fault: StreamErrorFault, resourceName: string): BedrockException {
  const type = fault.type === 'modelStreamErrorException' ? 'ModelErrorException' : exceptionOfStreamType(fault.type);
  return injectedException(type, fault, resourceName);
}

/** The payload of a mid-stream exception frame: `message` plus the type's members. */
export function streamFaultPayload(fault: StreamErrorFault, resourceName: string): Record<string, unknown> {
  return injectedException(exceptionOfStreamType(fault.type), fault, resourceName).toBody();
}
