import { describe, expect, it } from 'vitest';
import { exceptionCatalog, exceptionOfStreamType, httpFaultNames, streamFaultTypes, type ExceptionName, type StreamFaultType } from './exception-catalog.ts';

const names = Object.keys(exceptionCatalog) as ExceptionName[];
const lowerCamel = (name: string): string => `${name.charAt(0).toLowerCase()}${name.slice(1)}`;

describe('exceptionCatalog', () => {
  it('names each stream exception’s frame type as the lowerCamel of its name', () => {
    for (const name of names) {
      const { streamType } = exceptionCatalog[name];
      if (streamType !== undefined) expect(streamType, name).toBe(lowerCamel(name));
    }
  });

  it('has a frame type for exactly the exceptions a stream can carry', () => {
    const withFrames = names.filter((name) => exceptionCatalog[name].streamType !== undefined);
    expect(withFrames.sort()).toEqual(['InternalServerException', 'ModelStreamErrorException', 'ModelTimeoutException', 'ServiceUnavailableException', 'ThrottlingException', 'ValidationException']);
    expect(withFrames.map((name) => exceptionCatalog[name].streamType).sort()).toEqual([...streamFaultTypes].sort());
  });

  it('counts the server’s fault exactly for the 5xx statuses', () => {
    for (const name of names) {
      const { status, fault } = exceptionCatalog[name];
      expect(fault, name).toBe(status >= 500 ? 'server' : 'client');
      expect(status >= 400 && status <= 599, name).toBe(true);
    }
  });

  it('has a default message, a sentence of its own, for every exception', () => {
    for (const name of names) expect(exceptionCatalog[name].message, name).toMatch(/^[A-Z].{8,}/);
    expect(exceptionCatalog.ThrottlingException.message).toBe('Too many requests, please wait before trying again.');
    expect(exceptionCatalog.ModelStreamErrorException.message).toBe('Model stream error');
  });
});

describe('httpFaultNames', () => {
  it('are exceptions of the catalog, each once, without the authentication ones and the emulator’s own', () => {
    for (const name of httpFaultNames) expect(names).toContain(name);
    expect(new Set(httpFaultNames).size).toBe(httpFaultNames.length);
    const notInjectable = names.filter((name) => !(httpFaultNames as readonly string[]).includes(name)).sort();
    expect(notInjectable).toEqual([
      'ExpiredTokenException',
      'IncompleteSignatureException',
      'InvalidSignatureException',
      'MissingAuthenticationTokenException',
      'NoFixtureMatchedException',
      'UnknownOperationException',
      'UnrecognizedClientException',
    ]);
  });
});

describe('exceptionOfStreamType', () => {
  it('is the exception whose frame type it is, for every stream fault type', () => {
    const expected: Record<StreamFaultType, ExceptionName> = {
      internalServerException: 'InternalServerException',
      modelStreamErrorException: 'ModelStreamErrorException',
      validationException: 'ValidationException',
      throttlingException: 'ThrottlingException',
      modelTimeoutException: 'ModelTimeoutException',
      serviceUnavailableException: 'ServiceUnavailableException',
    };
    for (const type of streamFaultTypes) expect(exceptionOfStreamType(type), type).toBe(expected[type]);
  });

  it('throws for a type no exception has', () => {
    expect(() => exceptionOfStreamType('accessDeniedException' as StreamFaultType)).toThrow('no exception has the stream type accessDeniedException');
  });
});
