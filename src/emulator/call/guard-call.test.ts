import { describe, expect, it } from 'vitest';
import { checkGuardrails } from '../guardrails/guardrail-set.ts';
import type { ResponsePlan } from '../../core/planning/plan-response.ts';
import { findActiveGuardrail, guardOutput, invokeGuardrail } from './guard-call.ts';

const checked = checkGuardrails([{ id: 'g1', blockedInputMessaging: 'In: no.', blockedOutputsMessaging: 'Out: no.', wordPolicy: { words: ['secret plan'] }, sensitiveInformationPolicy: { piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }] } }], 'test');
if (checked.kind !== 'ok') throw new Error('the test guardrail does not load');
const { guardrails } = checked;
const active = (streamMode: 'sync' | 'async') => findActiveGuardrail(guardrails, 'g1', 'DRAFT', 'enabled', streamMode);

const planOf = (...deltas: string[]): ResponsePlan => ({
  fixtureName: 'f',
  blocks: [{ kind: 'text', deltas: deltas.map((text, index) => ({ text, atMs: 10 * (index + 1) })) }],
  stopReason: 'end_turn',
  stopSequence: null,
  usage: { inputTokens: 5, outputTokens: 7 },
  firstTokenAtMs: 10,
  endAtMs: 10 * deltas.length,
  seed: 1,
  faults: { responseDelayMs: 0, streamError: undefined, stall: undefined, drop: undefined },
});

describe('guardOutput', () => {
  it('sync: holds each text block until its last delta, then sends it whole', () => {
    const { plan, verdict } = guardOutput(active('sync'), planOf('Hello ', 'there.'), true);
    expect(verdict.action).toBe('NONE');
    expect(plan.blocks).toEqual([{ kind: 'text', deltas: [{ text: 'Hello there.', atMs: 20 }] }]);
    expect(plan.stopReason).toBe('end_turn');
  });

  it('sync: replaces a blocked answer with the blocked outputs messaging, usage kept', () => {
    const { plan, modelOutput } = guardOutput(active('sync'), planOf('The secret ', 'plan is out.'), true);
    expect(plan.blocks).toEqual([{ kind: 'text', deltas: [{ text: 'Out: no.', atMs: 20 }] }]);
    expect(plan).toMatchObject({ stopReason: 'guardrail_intervened', usage: { inputTokens: 5, outputTokens: 7 } });
    expect(modelOutput).toEqual(['The secret plan is out.']);
  });

  it('masks and stops with guardrail_intervened', () => {
    const { plan } = guardOutput(active('sync'), planOf('Mail ', 'a@b.io'), false);
    expect(plan.blocks).toEqual([{ kind: 'text', deltas: [{ text: 'Mail {EMAIL}', atMs: 20 }] }]);
    expect(plan.stopReason).toBe('guardrail_intervened');
  });

  it('async: sends the deltas as planned and cuts after the one that completes a blocked match; masks nothing', () => {
    const cut = guardOutput(active('async'), planOf('The secret ', 'plan ', 'is out.'), true).plan;
    expect(cut.blocks).toEqual([{ kind: 'text', deltas: [{ text: 'The secret ', atMs: 10 }, { text: 'plan ', atMs: 20 }] }]);
    expect(cut).toMatchObject({ stopReason: 'guardrail_intervened', endAtMs: 20 });
    const unmasked = guardOutput(active('async'), planOf('Mail ', 'a@b.io'), true).plan;
    expect(unmasked.blocks[0]?.deltas.map((delta) => delta.text)).toEqual(['Mail ', 'a@b.io']);
  });

  it('async applies to streams only: a whole answer is held and judged as in sync mode', () => {
    expect(guardOutput(active('async'), planOf('The secret ', 'plan.'), false).plan.blocks).toEqual([{ kind: 'text', deltas: [{ text: 'Out: no.', atMs: 20 }] }]);
  });
});

describe('guardOutput, review fixes', () => {
  it('masks each text block with its own text when an empty block comes first, and keeps a block’s citations', () => {
    const citation = { documentIndex: 0, title: 'Notes', quote: 'a@b.io', location: { kind: 'char' as const, start: 0, end: 6 } };
    const plan: ResponsePlan = {
      ...planOf('x'),
      blocks: [
        { kind: 'text', deltas: [] },
        { kind: 'text', deltas: [{ text: 'Write to ', atMs: 10 }, { text: 'a@b.io', atMs: 20 }], citations: [citation] },
      ],
    };
    const guarded = guardOutput(active('sync'), plan, true).plan;
    expect(guarded.blocks[1]).toMatchObject({ kind: 'text', deltas: [{ text: 'Write to {EMAIL}', atMs: 20 }], citations: [citation] });
  });

  it('async: finds the cut in a long answer by halving (each assessment sees a prefix of the text)', () => {
    const deltas = Array.from({ length: 2000 }, (_, index) => (index === 1500 ? 'secret plan ' : 'word '));
    const cut = guardOutput(active('async'), planOf(...deltas), true).plan;
    expect(cut.blocks[0]?.deltas).toHaveLength(1501);
    expect(cut.endAtMs).toBe(15010);
  });
});

describe('invokeGuardrail', () => {
  it("refuses the body's guardrail config without a guardrail named in the headers", () => {
    expect(() => invokeGuardrail({}, { 'amazon-bedrock-guardrailConfig': { tagSuffix: 'x1' } }, guardrails)).toThrow(
      'The amazon-bedrock-guardrailConfig field needs a guardrail: set X-Amzn-Bedrock-GuardrailIdentifier and X-Amzn-Bedrock-GuardrailVersion.',
    );
  });

  it('reads the headers and the body config', () => {
    const named = invokeGuardrail({ 'x-amzn-bedrock-guardrailidentifier': 'g1', 'x-amzn-bedrock-guardrailversion': 'DRAFT', 'x-amzn-bedrock-trace': 'ENABLED_FULL' }, { 'amazon-bedrock-guardrailConfig': { tagSuffix: 'x1', streamProcessingMode: 'ASYNCHRONOUS' } }, guardrails);
    expect(named).toMatchObject({ active: { id: 'g1', trace: 'enabled_full', streamMode: 'async' }, tagSuffix: 'x1' });
    expect(invokeGuardrail({}, {}, guardrails)).toBeUndefined();
  });

  it('refuses an identifier without a version, and the body config without an identifier', () => {
    expect(() => invokeGuardrail({ 'x-amzn-bedrock-guardrailidentifier': 'g1' }, {}, guardrails)).toThrow('A guardrail identifier needs a guardrail version');
    expect(() => invokeGuardrail({}, { 'amazon-bedrock-guardrailConfig': {} }, guardrails)).toThrow('The amazon-bedrock-guardrailConfig field needs a guardrail');
  });
});
