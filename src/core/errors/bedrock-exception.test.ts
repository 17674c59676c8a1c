import { describe, expect, it } from 'vitest';
import { BedrockException, invalidModelIdentifier, malformedInput } from './bedrock-exception.ts';
import { exceptionCatalog, type ExceptionName } from './exception-catalog.ts';

/** Each exception's HTTP status, as docs/protocol/errors.md and docs/auth.md give them. */
const statuses: Record<ExceptionName, number> = {
  ValidationException: 400,
  ConflictException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 403,
  ExpiredTokenException: 403,
  MissingAuthenticationTokenException: 403,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  NoFixtureMatchedException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ModelNotReadyException: 429,
  ThrottlingException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

describe('BedrockException', () => {
  it('takes its status from the catalog, for every exception in it', () => {
    expect(Object.keys(statuses).sort()).toEqual(Object.keys(exceptionCatalog).sort());
    for (const [name, status] of Object.entries(statuses) as [ExceptionName, number][]) {
      const exception = new BedrockException(name, `a ${name} happened`);
      expect({ name: exception.name, status: exception.status, message: exception.message }, name).toEqual({ name, status, message: `a ${name} happened` });
      expect(exception.toBody(), name).toEqual({ message: `a ${name} happened` });
    }
  });

  it('is an Error that prints as its name and message', () => {
    const exception = new BedrockException('ThrottlingException', 'Too many requests, please wait before trying again.');
    expect(exception).toBeInstanceOf(Error);
    expect(String(exception)).toBe('ThrottlingException: Too many requests, please wait before trying again.');
  });

  it('carries its extra members at the top level of the body, after the message', () => {
    const exception = new BedrockException('ModelErrorException', 'The model failed.', { originalStatusCode: 500, resourceName: 'arn:aws:bedrock:us-east-1::foundation-model/x', retryable: false });
    expect(exception.members).toEqual({ originalStatusCode: 500, resourceName: 'arn:aws:bedrock:us-east-1::foundation-model/x', retryable: false });
    expect(JSON.stringify(exception.toBody())).toBe('{"message":"The model failed.","originalStatusCode":500,"resourceName":"arn:aws:bedrock:us-east-1::foundation-model/x","retryable":false}');
  });

  it('has no members unless given', () => {
    expect(new BedrockException('ValidationException', 'x').members).toEqual({});
  });
});

describe('malformedInput', () => {
  it('wraps a schema detail in Bedrock’s sentence', () => {
    const exception = malformedInput('#/max_tokens: expected type: Integer, found: String');
    expect(exception.name).toBe('ValidationException');
    expect(exception.status).toBe(400);
    expect(exception.message).toBe('Malformed input request: #/max_tokens: expected type: Integer, found: String, please reformat your input and try again.');
  });
});

describe('invalidModelIdentifier', () => {
  it('is the ValidationException Bedrock answers an unknown model id with', () => {
    const exception = invalidModelIdentifier();
    expect({ name: exception.name, status: exception.status, message: exception.message }).toEqual({ name: 'ValidationException', status: 400, message: 'The provided model identifier is invalid.' });
  });
});
