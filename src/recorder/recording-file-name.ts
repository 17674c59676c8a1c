import type { Operation } from '../core/fixtures/request.ts';

/**
 * A readable file name (without `.json`) for a recorded call: its operation
 * and the first words of the last user message, e.g.
 * `converse-stream-what-is-the-weather-in-paris`.
 *
 * @example
 * recordingFileName('ConverseStream', 'What is the weather in Paris?') // 'converse-stream-what-is-the-weather-in-paris'
 */
export function recordingFileName(operation: Operation, lastUserMessage: string): string {
  const kebab = operation.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
  const words = lastUserMessage
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return words === '' ? kebab : `${kebab}-${words}`;
}
