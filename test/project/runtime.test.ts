import { expect, it } from 'vitest';

it('runs on Node 22 or later (the floor: Lambda nodejs22.x/24.x)', () => {
  const major = Number(process.versions.node.split('.')[0]);
  expect(major).toBeGreaterThanOrEqual(22);
});
