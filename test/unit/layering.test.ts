import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths';

/** The lint rules that keep the processes apart must actually fire. */
describe('layering enforced by lint', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const violations = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
  };

  it.each([
    ['src/renderer/pages/x.tsx', "import { openCore } from '../../main/core/core';"],
    ['src/renderer/pages/x.tsx', "import { readFileSync } from 'node:fs';"],
    ['src/renderer/pages/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['src/main/core/x.ts', "import { app } from 'electron';"],
    ['src/main/core/x.ts', "import Store from 'electron-store';"],
    ['src/main/web/x.ts', "import { APP_ORIGIN } from '../electron/security';"],
    ['src/main/cli/x.ts', "import { App } from '../../renderer/App';"],
    ['src/platform/x.ts', "import { app } from 'electron';"],
    ['src/platform/x.ts', "import { App } from '../renderer/App';"],
    ['src/shared/x.ts', "import { join } from 'path';"],
    ['src/shared/x.ts', "import Database from 'better-sqlite3';"],
    ['src/shared/x.ts', "import { useState } from 'react';"],
    ['src/shared/x.ts', "import { openCore } from '../main/core/core';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await violations(file, `${code}\nexport const keep = 1;\n`)).toBeGreaterThan(0);
  });

  it.each([
    ['src/renderer/pages/x.tsx', "import { contract } from '../../shared/contract';"],
    ['src/main/core/x.ts', "import { join } from 'node:path';"],
    ['src/platform/x.ts', "import { createServer } from 'node:http';"],
    ['src/main/electron/x.ts', "import { app } from 'electron';"],
    ['src/shared/x.ts', "import { z } from 'zod';"],
  ])('%s may: %s', async (file, code) => {
    expect(await violations(file, `${code}\nexport const keep = 1;\n`)).toBe(0);
  });
});
