import type { Hono } from 'hono';
import { routeFor } from '../../apis/registry.ts';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { applyGuardrail } from '../guardrails/apply-guardrail.ts';
import { authenticateCall, bytesToVerify, open } from '../call/call-steps.ts';
import type { EmulatorEnv } from '../call/emulator-env.ts';
import type { EmulatorState } from '../call/emulator-state.ts';
import { parseJsonBytes, readJsonBody } from '../call/read-json-body.ts';
import { answerAtOnce } from '../call/respond.ts';

/**
 * ApplyGuardrail (`POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply`):
 * a guardrail's assessment of the texts sent, with no model. A guardrail the
 * emulator does not have is a ResourceNotFoundException, as Bedrock answers
 * ("Could not find guardrail with id …", seen in public write-ups).
 */
export function registerGuardrailRoutes(app: Hono<EmulatorEnv>, state: EmulatorState): void {
  app.post(routeFor('ApplyGuardrail').path, async (c) => {
    const call = open(c, state, 'ApplyGuardrail', '');
    const bytes = await bytesToVerify(call, state);
    await authenticateCall(call, state, bytes);
    const identifier = c.req.param('guardrailIdentifier') ?? '';
    const version = c.req.param('guardrailVersion') ?? '';
    const found = state.options.guardrails.find(identifier, version);
    if (found.kind === 'invalid-identifier') throw new BedrockException('ValidationException', 'The provided guardrail identifier is invalid.');
    if (found.kind === 'not-found') throw new BedrockException('ResourceNotFoundException', `Could not find guardrail with id ${identifier} and version ${version}.`);
    const json = bytes === undefined ? await readJsonBody(call.request, call.headers['content-length']) : await parseJsonBytes(bytes);
    return answerAtOnce(call, applyGuardrail(found.guardrail, json), { 'x-amzn-RequestId': call.id });
  });
}
