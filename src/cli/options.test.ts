import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { authModesOption, controlTokenOption, eachNonEmpty, functionNameOption, hostName, httpRouteKey, httpUrl, integer, integerFrom, nonEmpty, nonNegativeNumber, portNumber, positiveInteger, regionName, resourcePath, stageName } from './options.ts';

/** The message a parser refuses a value with; commander prints it after "argument '…' is invalid." */
function refusal(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (error) {
    // An InvalidArgumentError, which commander turns into its one-line error (any other error escapes it).
    expect(error, value).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error(`${value} was accepted`);
}

describe('portNumber', () => {
  it('reads a port from 0 (a free one) to 65535', () => {
    expect(['0', '1', '4010', '65535'].map(portNumber)).toEqual([0, 1, 4010, 65535]);
  });

  it('refuses anything else, saying the range', () => {
    for (const value of ['65536', '-1', '80.5', 'eighty', 'NaN', 'Infinity']) expect(refusal(portNumber, value), value).toBe('expected an integer from 0 to 65535.');
  });

  it('refuses what Number() would read as a port: empty, blank, hexadecimal, exponent, signed', () => {
    for (const value of ['', ' ', '0x10', '1e3', '+80', ' 80']) expect(refusal(portNumber, value), value).toBe('expected an integer from 0 to 65535.');
  });
});

describe('nonNegativeNumber', () => {
  it('reads zero, fractions and whole numbers', () => {
    expect(['0', '0.5', '2', '10'].map(nonNegativeNumber)).toEqual([0, 0.5, 2, 10]);
  });

  it('refuses a negative number, a word and infinity', () => {
    for (const value of ['-0.1', '-1', 'fast', 'Infinity', '', ' ', '0x1', '1e400']) expect(refusal(nonNegativeNumber, value), value).toBe('expected a number >= 0.');
  });
});

describe('positiveInteger', () => {
  it('reads whole numbers from 1', () => {
    expect(['1', '128', '29000'].map(positiveInteger)).toEqual([1, 128, 29000]);
  });

  it('refuses zero, negatives, fractions and words', () => {
    for (const value of ['0', '-3', '1.5', 'many', '', ' ', '0x10', '1e3', '9007199254740993']) expect(refusal(positiveInteger, value), value).toBe('expected an integer >= 1.');
  });
});

describe('integer', () => {
  it('reads any whole number, negative ones too', () => {
    expect(['-7', '0', '42'].map(integer)).toEqual([-7, 0, 42]);
  });

  it('refuses fractions and words', () => {
    for (const value of ['1.5', 'seed', 'NaN', '', ' ', '0x10', '-']) expect(refusal(integer, value), value).toBe('expected an integer.');
  });
});

describe('authModesOption', () => {
  it('reads any as no check, and one or both modes, each once, in the order given', () => {
    expect(authModesOption('any')).toEqual([]);
    expect(authModesOption('sigv4')).toEqual(['sigv4']);
    expect(authModesOption('api-key')).toEqual(['api-key']);
    expect(authModesOption('sigv4,api-key')).toEqual(['sigv4', 'api-key']);
    expect(authModesOption(' api-key , sigv4 ')).toEqual(['api-key', 'sigv4']);
    expect(authModesOption('sigv4,sigv4')).toEqual(['sigv4']);
  });

  it('refuses another mode, an empty one, and any mixed with a mode', () => {
    for (const value of ['oauth', 'SIGV4', '', 'sigv4,', 'any,sigv4', 'none']) expect(refusal(authModesOption, value), value).toBe('expected any, sigv4, api-key, or sigv4,api-key.');
  });
});

describe('integerFrom', () => {
  const memory = integerFrom(128, 10_240, "MB, Lambda's limits");

  it('reads a whole number within its range, ends included', () => {
    expect(['128', '1769', '10240'].map(memory)).toEqual([128, 1769, 10_240]);
  });

  it('refuses one outside it, saying the range and whose limits they are', () => {
    for (const value of ['1', '127', '10241', '', '512.5', '1e3']) expect(refusal(memory, value), value).toBe("expected an integer from 128 to 10240 (MB, Lambda's limits).");
  });
});

describe('text options', () => {
  it('nonEmpty refuses an empty or blank value, naming what was expected', () => {
    expect(nonEmpty('a file')('a.yaml')).toBe('a.yaml');
    for (const value of ['', ' ', '\t']) expect(refusal(nonEmpty('a file'), value), value).toBe('expected a file, got an empty value.');
  });

  it('eachNonEmpty adds the values up, replacing its fallback', () => {
    const fallback = ['fixtures'];
    const parse = eachNonEmpty('a path', fallback);
    expect(parse('b', parse('a', fallback))).toEqual(['a', 'b']);
    expect(parse('a', undefined)).toEqual(['a']);
    expect(fallback).toEqual(['fixtures']);
    expect(refusal((value) => parse(value, undefined), '')).toBe('expected a path, got an empty value.');
  });

  it('hostName refuses an empty host, which would bind every interface', () => {
    expect(['127.0.0.1', '0.0.0.0', 'localhost', '::1'].map(hostName)).toEqual(['127.0.0.1', '0.0.0.0', 'localhost', '::1']);
    for (const value of ['', ' ', 'local host']) expect(refusal(hostName, value), value).toBe('expected a host name or IP address, such as 127.0.0.1 or 0.0.0.0.');
  });

  it("functionNameOption reads Lambda's function names", () => {
    expect(functionNameOption('chat-stream_2')).toBe('chat-stream_2');
    expect(functionNameOption('f'.repeat(64))).toBe('f'.repeat(64));
    for (const value of ['', 'my function', 'a.b', 'f'.repeat(65)]) expect(refusal(functionNameOption, value), value).toMatch(/^expected 1 to 64 letters/);
  });

  it('resourcePath, httpRouteKey and stageName read what API Gateway accepts', () => {
    expect(['/', '/chat', '/items/{id}', '/{proxy+}'].map(resourcePath)).toEqual(['/', '/chat', '/items/{id}', '/{proxy+}']);
    for (const value of ['', 'chat', '/a b']) expect(refusal(resourcePath, value), value).toMatch(/^expected a path that starts with \//);
    expect(['$default', 'POST /chat', 'ANY /{proxy+}', 'get /items/{id}'].map(httpRouteKey)).toEqual(['$default', 'POST /chat', 'ANY /{proxy+}', 'get /items/{id}']);
    for (const value of ['', 'POST', 'POST chat', 'FETCH /chat', 'POST /a /b', '$connect']) expect(refusal(httpRouteKey, value), value).toMatch(/^expected 'METHOD \/path'/);
    expect(['prod', 'v1_beta-2'].map(stageName)).toEqual(['prod', 'v1_beta-2']);
    for (const value of ['', 'v1/beta', 'my stage', 's'.repeat(129)]) expect(refusal(stageName, value), value).toMatch(/^expected 1 to 128 letters/);
  });

  it('controlTokenOption refuses an empty token, which would let anyone in', () => {
    expect(controlTokenOption('s3cret')).toBe('s3cret');
    for (const value of ['', ' ', 'two words']) expect(refusal(controlTokenOption, value), value).toMatch(/^expected a token without spaces/);
  });

  it('httpUrl and regionName read an endpoint and a region', () => {
    expect(httpUrl('https://bedrock-runtime.us-east-1.amazonaws.com')).toBe('https://bedrock-runtime.us-east-1.amazonaws.com');
    for (const value of ['', 'bedrock-runtime.us-east-1.amazonaws.com', 'ftp://host', 'http//host']) expect(refusal(httpUrl, value), value).toMatch(/^expected an http:\/\/ or https:\/\/ URL/);
    expect(['us-east-1', 'us-gov-west-1', 'ap-southeast-4', 'eu-central-2'].map(regionName)).toEqual(['us-east-1', 'us-gov-west-1', 'ap-southeast-4', 'eu-central-2']);
    for (const value of ['', 'US East', 'us-east', 'virginia']) expect(refusal(regionName, value), value).toBe('expected an AWS region, such as us-east-1 or eu-west-3.');
  });
});
