import { describe, expect, it } from 'vitest';
import { compileRouteSelection } from './route-selection.ts';

describe('route selection expressions', () => {
  it('reads $request.body.action and nested paths, stringified as API Gateway does', () => {
    expect(compileRouteSelection('$request.body.action')('{"action":"chat"}')).toBe('chat');
    expect(compileRouteSelection('$request.body.data.room')('{"data":{"room":"room1234"}}')).toBe('room1234');
    expect(compileRouteSelection('$request.body.list')('{"list":["a","b"]}')).toBe('[a, b]');
    expect(compileRouteSelection('$request.body.n')('{"n":3}')).toBe('3');
  });

  it('gives nothing for a message that is not JSON, and empty for a path that is not there', () => {
    expect(compileRouteSelection('$request.body.action')('hello')).toBeUndefined();
    expect(compileRouteSelection('$request.body.action')('{"other":1}')).toBe('');
  });

  it('mixes ${request.body.…} variables with static text, and takes a static expression as it is', () => {
    expect(compileRouteSelection('${request.body.service}/${request.body.action}')('{"service":"chat","action":"join"}')).toBe('chat/join');
    expect(compileRouteSelection('${request.body.action}-${request.body.missing}')('{"action":"join"}')).toBe('join-');
    expect(compileRouteSelection('action')('{}')).toBe('action');
    expect(compileRouteSelection('\\$default')('{}')).toBe('$default');
  });

  it('refuses what WebSocket APIs cannot select on, in a sentence', () => {
    expect(() => compileRouteSelection('$request.header.x')).toThrow('use $request.body.<path>');
  });
});
