import type { NormalizedMessage } from '../../fixture-format/request.ts';

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
  for (const match of prompt.matchAll(/\[INST\]([\s\S]*?)\[\/INST\]([\s\S]*?)(?=\[INST\]|$)/g)) {
    let user = match[1] ?? '';
    const sys = /<<SYS>>([\s\S]*?)<<\/SYS>>/.exec(user);
    if (sys !== null) {
      system = (sys[1] ?? '').trim();
      user = user.replace(sys[0], '');
    }
    messages.push(turn('user', user.trim()));
    const answer = (match[2] ?? '').replace(/<\/?s>/g, '').trim();
    if (answer !== '') messages.push(turn('assistant', answer));
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
  if (!/(^|\n)\s*User:/.test(inputText)) return plain(inputText);
  const messages: NormalizedMessage[] = [];
  for (const match of inputText.matchAll(/(?:^|\n)\s*(User|Bot):([\s\S]*?)(?=\n\s*(?:User|Bot):|$)/g)) {
    const text = (match[2] ?? '').trim();
    if (text === '') continue;
    messages.push(turn(match[1] === 'User' ? 'user' : 'assistant', text));
  }
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
    const answer = answers.join('').replace(/<think>[\s\S]*?(<\/think>|$)/g, '').replace(/<｜end▁of▁sentence｜>/g, '').trim();
    if (answer !== '') messages.push(turn('assistant', answer));
  }
  return { system, messages };
}
