import { describe, expect, it } from 'vitest';
import { createMatchInput } from './match-input.ts';
import { defineFixtures } from './parse-fixtures.ts';
import type { NormalizedRequest } from './request.ts';
import { charactersToRead, explainMisses, selectFixture, testInSlices } from './select-fixture.ts';
import { requestWith } from './test-support.ts';

const huge = 'lorem ipsum '.repeat(100_000);

/** A request with a huge system prompt and a huge first turn, and a short last user message. */
function conversation(lastUser: string): NormalizedRequest {
  const base = requestWith({ system: huge });
  return {
    ...base,
    messages: [
      { role: 'user', content: [{ kind: 'text', text: huge }] },
      { role: 'assistant', content: [{ kind: 'text', text: 'Noted.' }] },
      { role: 'user', content: [{ kind: 'text', text: lastUser }, { kind: 'text', text: 'thanks' }] },
    ],
  };
}

describe('createMatchInput', () => {
  it('has each matcher read its own field: the last user message, not the huge system prompt or earlier turns', () => {
    const fixtures = defineFixtures([
      { name: 'regex', match: { lastUserMessage: { regex: '^weather\\b', flags: 'i' } }, response: { text: 'Sunny.' } },
      { name: 'contains', match: { lastUserMessage: 'forecast' }, response: { text: 'Rain.' } },
    ]);
    const input = createMatchInput(conversation('Weather in Paris?'));
    expect(selectFixture(fixtures, input)?.fixture.name).toBe('regex');
    // Both matchers read "Weather in Paris?\nthanks" (24 characters), built once.
    expect(input.charactersRead()).toBe(2 * 'Weather in Paris?\nthanks'.length);
  });

  it('tests each matcher once when choosing and then explaining a miss', () => {
    const fixtures = defineFixtures([
      { name: 'pirate', match: { system: 'pirate', lastUserMessage: 'ahoy' }, response: { text: 'Arr.' } },
      { name: 'remember', match: { anyMessage: { regex: 'remember me' } }, response: { text: 'I do.' } },
    ]);
    const input = createMatchInput(conversation('hello'));
    expect(selectFixture(fixtures, input)).toBeUndefined();
    const afterChoosing = input.charactersRead();
    const misses = explainMisses(fixtures, input);
    expect(misses.map((miss) => miss.fixture.name)).toEqual(['remember', 'pirate']);
    // Explaining read only what choosing had not: pirate's second matcher (the last user message).
    expect(input.charactersRead() - afterChoosing).toBe('hello\nthanks'.length);
    const allMessages = huge.length + 'Noted.'.length + 'hello\nthanks'.length;
    expect(input.charactersRead()).toBe(huge.length + allMessages + 'hello\nthanks'.length);
  });
});

describe('testInSlices', () => {
  const fixtures = defineFixtures([
    { name: 'system', match: { system: { regex: 'pirate' } }, response: { text: 'Arr.' } },
    { name: 'any', match: { anyMessage: { regex: 'remember me' } }, response: { text: 'I do.' } },
    { name: 'last', match: { lastUserMessage: 'hello' }, response: { text: 'Hi.' } },
  ]);

  it('counts what testing every matcher would read, without testing any', () => {
    const input = createMatchInput(conversation('hello'));
    const allMessages = huge.length + 'Noted.'.length + 'hello\nthanks'.length;
    expect(charactersToRead(fixtures, input)).toBe(huge.length + allMessages + 'hello\nthanks'.length);
    expect(input.charactersRead()).toBe(0);
  });

  it('never stops on a small prompt', () => {
    const input = createMatchInput(requestWith({ lastUser: 'hello' }));
    expect([...testInSlices(fixtures, input, () => 0, 1_000_000)]).toHaveLength(0);
    expect(selectFixture(fixtures, input)?.fixture.name).toBe('last');
  });

  it('stops before each matcher that would make the slice read more than its size, and leaves nothing for the selection to test', () => {
    const input = createMatchInput(conversation('hello'));
    // The system prompt and the messages each read over 1,000,000 characters: a stop before each, and one after the second (its slice is full).
    expect([...testInSlices(fixtures, input, () => 0, 1_000_000)]).toHaveLength(3);
    const read = input.charactersRead();
    expect(selectFixture(fixtures, input)?.fixture.name).toBe('last');
    expect(input.charactersRead()).toBe(read);
  });

  it('goes on to the matchers an explanation needs when no fixture matches', () => {
    const input = createMatchInput(conversation('goodbye'));
    const stops = [...testInSlices(fixtures, input, () => 0, 1_000_000)];
    const read = input.charactersRead();
    expect(stops.length).toBeGreaterThan(0);
    expect(explainMisses(fixtures, input).map((miss) => miss.fixture.name)).toEqual(['system', 'any', 'last']);
    expect(input.charactersRead()).toBe(read);
  });
});
