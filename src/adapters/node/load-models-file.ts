import { FixtureError, FixtureProblem } from '../../core/errors/fixture-error.ts';
import { readConfigFile } from './read-config-file.ts';
import { describeIssue, formatPath } from '../../core/fixtures/format-schema-issue.ts';
import type { ModelCatalog } from '../../apis/model-ids/model-catalog.ts';
import { modelsFileSchema } from '../../apis/model-ids/models-file-schema.ts';

/**
 * Reads a models file (JSON or YAML; see docs/model-ids.md): the account's
 * application inference profiles, provisioned, custom and imported models
 * mapped to their foundation models, and its stored prompts. Every problem
 * is reported with the file and field, like fixture problems.
 *
 * @example
 * const models = await loadModelsFile('models.yaml');
 * const server = await startEmulator({ models });
 */
export async function loadModelsFile(file: string): Promise<ModelCatalog> {
  const content = await readConfigFile(file, 'models file');
  const result = modelsFileSchema.safeParse(content ?? {}, { reportInput: true });
  if (!result.success) {
    throw new FixtureError(
      result.error.issues.map((issue) => new FixtureProblem(file, formatPath(issue.path), describeIssue(issue))),
      'models file',
    );
  }
  return result.data;
}
