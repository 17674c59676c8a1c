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
 * The exception a fixture or a fault rule asks for, with Bedrock's message
 * and the members its type carries (docs/protocol/errors.md#exception-table): `originalStatusCode`
 * (default 500) and `resourceName` for ModelErrorException,
 * `originalStatusCode` and `originalMessage` for ModelStreamErrorException.
 *
 * @example
 * faultException('ThrottlingException', {}, modelId)
 */
export function faultException(type: ExceptionName, fields: ExceptionFields, resourceName: string): BedrockException {
  const members: Record<string, string | number> = {};
  if (type === 'ModelErrorException' || type === 'ModelStreamErrorException') members['originalStatusCode'] = fields.originalStatusCode ?? 500;
  if (type === 'ModelErrorException') members['resourceName'] = fields.resourceName ?? resourceName;
  if (type === 'ModelStreamErrorException') members['originalMessage'] = fields.originalMessage ?? 'The model returned an error.';
  return new BedrockException(type, fields.message ?? exceptionCatalog[type].message, members);
}

/**
 * A mid-stream fault as its HTTP twin, for calls that do not stream: a model
 * stream error becomes a ModelErrorException, the others keep their type.
 *
 * @example
 * streamFaultAsHttp({ type: 'throttlingException', afterChunks: 2 }, modelId).status // 429
 */
export function streamFaultAsHttp(fault: StreamErrorFault, resourceName: string): BedrockException {
  const type = fault.type === 'modelStreamErrorException' ? 'ModelErrorException' : exceptionOfStreamType(fault.type);
  return faultException(type, fault, resourceName);
}

/**
 * A mid-stream fault in its stream form: the exception whose body the
 * exception frame carries (`message` plus the type's members).
 *
 * @example
 * streamFaultException({ type: 'modelStreamErrorException', afterChunks: 3 }, modelId).toBody()
 */
export function streamFaultException(fault: StreamErrorFault, resourceName: string): BedrockException {
  return faultException(exceptionOfStreamType(fault.type), fault, resourceName);
}
