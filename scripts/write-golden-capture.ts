/**
 * Rewrites test/samples/golden-capture.json from the current sources:
 * `npm exec -- node scripts/write-golden-capture.ts`. Only for a change to
 * what users see that is meant (test/emulator/golden-capture.test.ts fails on
 * any other); say in the commit what changed on the wire or in the journal.
 */
import { writeFileSync } from 'node:fs';
import { createEmulator } from '../src/emulator/create-emulator.ts';
import { defineFixtures } from '../src/core/fixtures/parse-fixtures.ts';
import { captureGolden, formatGolden, goldenCaptureFile } from '../test/support/golden-capture.ts';

writeFileSync(goldenCaptureFile, formatGolden(await captureGolden(createEmulator, defineFixtures)));
console.log(`wrote ${goldenCaptureFile.pathname}`);
