/**
 * Empties dist/ before a build, so the package never ships files whose
 * sources are gone (npm pack takes whatever dist/ holds).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

rmSync(path.resolve(import.meta.dirname, '..', 'dist'), { recursive: true, force: true });
