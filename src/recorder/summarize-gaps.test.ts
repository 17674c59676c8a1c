import { describe, expect, it } from 'vitest';
import { recordingFileName } from './recording-file-name.ts';
import { summarizeGaps } from './summarize-gaps.ts';

describe('summarizeGaps', () => {
  it('takes the median as the interval and the interquartile range as the jitter, untouched by one long pause', () => {
    expect(summarizeGaps([30, 35, 40, 32, 120])).toEqual({ intervalMs: 35, jitterMs: 8 });
    expect(summarizeGaps([20, 20, 20])).toEqual({ intervalMs: 20, jitterMs: 0 });
    expect(summarizeGaps([])).toEqual({ intervalMs: 0, jitterMs: 0 });
  });

  it('never gives a jitter larger than the interval', () => {
    expect(summarizeGaps([1, 2, 1, 90, 95, 2])).toEqual({ intervalMs: 2, jitterMs: 2 });
  });
});

describe('recordingFileName', () => {
  it('names a recording after its operation and the first words of the prompt, in plain ASCII', () => {
    expect(recordingFileName('ConverseStream', 'What is the weather in Paris?')).toBe('converse-stream-what-is-the-weather-in-paris');
    expect(recordingFileName('InvokeModel', 'Ça va, café ☕ ?')).toBe('invoke-model-ca-va-cafe');
    expect(recordingFileName('Converse', '')).toBe('converse');
    expect(recordingFileName('Converse', 'x'.repeat(200))).toHaveLength('converse-'.length + 48);
  });
});
