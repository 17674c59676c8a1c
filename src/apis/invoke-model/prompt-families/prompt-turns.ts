import type { NormalizedMessage } from '../../../core/fixtures/request.ts';

/** A conversation read back out of a prompt string: the system text and the turns. */
export type PromptConversation = { readonly system: string; readonly messages: NormalizedMessage[] };

const turn = (role: 'user' | 'assistant', text: string): NormalizedMessage => ({ role, content: [{ kind: 'text', text }] });

/** Without any template marker the whole prompt is one user message. */
const plain = (prompt: string): PromptConversation => ({ system: '', messages: [turn('user', prompt.trim())] });

/**
 * Llama 3/4's chat template: `<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`
 * (the open assistant header at the end is where the model answers). Llama 2's
 * `[INST]` form is read as Mistral's.
 *
 * @example
 * llamaConversation('<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n')
 * // { system: '', messages: [{ role: 'user', content: [{ kind: 'text', text: 'hi' }] }] }
 */
export function llamaConversation(prompt: string): PromptConversation {
  // Llama 4 names the same markers <|header_start|>, <|header_end|> and <|eot|>.
  if (!prompt.includes('<|start_header_id|>') && !prompt.includes('<|header_start|>')) return prompt.includes('[INST]') ? instConversation(prompt) : plain(prompt);
  const system: string[] = [];
  const messages: NormalizedMessage[] = [];
  for (const match of prompt.matchAll(/<\|(?:start_header_id|header_start)\|>(\w+)<\|(?:end_header_id|header_end)\|>([\s\S]*?)(?=<\|eot_id\|>|<\|eot\|>|<\|start_header_id\|>|<\|header_start\|>|$)/g)) {
    const role = match[1] ?? '';
    const text = (match[2] ?? '').trim();
    if (role === 'system') system.push(text);
    else if ((role === 'user' || role === 'ipython') && text !== '') messages.push(turn('user', text));
    else if (role === 'assistant' && text !== '') messages.push(turn('assistant', text));
  }
  return messages.length === 0 ? plain(prompt) : { system: system.join('\n'), messages };
}

/**
 * Mistral's (and Llama 2's) instruction template: `<s>[INST] user [/INST] answer</s>[INST] …`,
 * with an optional `<<SYS>>…<</SYS>>` system block inside the first instruction.
 *
 * @example
 * instConversation('<s>[INST] hi [/INST]') // one user message: 'hi'
 */
export function instConversation(prompt: string): PromptConversation {
  if (!prompt.includes('[INST]')) return plain(prompt);
  let system = '';
  const messages: NormalizedMessage[] = [];
  // One pass over the markers: a prompt of any size is read in linear time.
  for (const part of prompt.split('[INST]').slice(1)) {
    const close = part.indexOf('[/INST]');
    let user = close === -1 ? part : part.slice(0, close);
    const answer = close === -1 ? '' : part.slice(close + '[/INST]'.length);
    const sysStart = user.indexOf('<<SYS>>');
    const sysEnd = user.indexOf('<</SYS>>');
    if (sysStart !== -1 && sysEnd > sysStart) {
      system = user.slice(sysStart + '<<SYS>>'.length, sysEnd).trim();
      user = user.slice(0, sysStart) + user.slice(sysEnd + '<</SYS>>'.length);
    }
    messages.push(turn('user', user.trim()));
    const said = answer.split('<s>').join('').split('</s>').join('').trim();
    if (said !== '') messages.push(turn('assistant', said));
  }
  return messages.length === 0 ? plain(prompt) : { system, messages };
}

/**
 * Titan's conversational form: `User: …\nBot: …` turns (the trailing `Bot:`
 * is where the model answers). Without `User:` the whole text is the question.
 *
 * @example
 * titanConversation('User: hi\nBot:') // one user message: 'hi'
 */
export function titanConversation(inputText: string): PromptConversation {
  const speaker = /^[ \t]*(User|Bot):/;
  const lines = inputText.split('\n');
  if (!lines.some((line) => speaker.exec(line)?.[1] === 'User')) return plain(inputText);
  const messages: NormalizedMessage[] = [];
  let current: { role: 'user' | 'assistant'; lines: string[] } | undefined;
  const close = (): void => {
    const text = current?.lines.join('\n').trim() ?? '';
    if (current !== undefined && text !== '') messages.push(turn(current.role, text));
  };
  // Line by line: each `User:` or `Bot:` line opens a turn, the lines after it continue it.
  for (const line of lines) {
    const opened = speaker.exec(line);
    if (opened === null) {
      current?.lines.push(line);
      continue;
    }
    close();
    current = { role: opened[1] === 'User' ? 'user' : 'assistant', lines: [line.slice(opened[0].length)] };
  }
  close();
  return messages.length === 0 ? plain(inputText) : { system: '', messages };
}

/**
 * DeepSeek R1's template: `<｜begin▁of▁sentence｜>system<｜User｜>question<｜Assistant｜>answer…`
 * (the prompt usually ends with `<｜Assistant｜><think>`, where the model reasons).
 *
 * @example
 * deepseekConversation('<｜begin▁of▁sentence｜><｜User｜>hi<｜Assistant｜><think>\n') // one user message: 'hi'
 */
export function deepseekConversation(prompt: string): PromptConversation {
  if (!prompt.includes('<｜User｜>')) return plain(prompt.replace(/<think>\s*$/, ''));
  const [head = '', ...turns] = prompt.split('<｜User｜>');
  const system = head.replace('<｜begin▁of▁sentence｜>', '').trim();
  const messages: NormalizedMessage[] = [];
  for (const part of turns) {
    const [user = '', ...answers] = part.split('<｜Assistant｜>');
    messages.push(turn('user', user.trim()));
    const answer = withoutThinking(answers.join('')).split('<｜end▁of▁sentence｜>').join('').trim();
    if (answer !== '') messages.push(turn('assistant', answer));
  }
  return { system, messages };
}

/** A text without its `<think>…</think>` spans (an unclosed one runs to the end), in one pass. */
function withoutThinking(text: string): string {
  let kept = '';
  let from = 0;
  for (let open = text.indexOf('<think>'); open !== -1; open = text.indexOf('<think>', from)) {
    kept += text.slice(from, open);
    const close = text.indexOf('</think>', open);
    if (close === -1) return kept;
    from = close + '</think>'.length;
  }
  return kept + text.slice(from);
}
