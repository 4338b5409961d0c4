import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { DAC_BIN, tempDataDir } from '../support/paths';
import { serve } from '../support/serve';
import { percentile, round, type Metric } from './metrics';

/**
 * Browser mode from a cold process start to the first screen rendered: the sign-in screen of an
 * initialised data directory, and the first-run screen of a new one (which also creates the
 * database and loads the regions). Chromium is started beforehand: it is not part of the console.
 */
export async function startupSuite(log: (line: string) => void): Promise<Metric[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const measure = async (dataDir: string, text: RegExp) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const started = performance.now();
    const served = await serve({ dataDir });
    await page.goto(served.url);
    await page.getByText(text).first().waitFor({ state: 'visible' });
    const elapsed = performance.now() - started;
    await context.close();
    await served.stop();
    return elapsed;
  };
  try {
    const signIn: number[] = [];
    for (let i = 0; i < 5; i++) {
      const dataDir = tempDataDir('dac-bench-');
      const pw = join(dataDir, '.pw');
      writeFileSync(pw, 'Zhengwu#2026');
      execFileSync(process.execPath, [DAC_BIN, 'init', '--data-dir', dataDir, '--admin-user', 'admin', '--admin-password-file', pw]);
      signIn.push(await measure(dataDir, /^登\s*录$/));
    }
    const firstRun: number[] = [];
    for (let i = 0; i < 3; i++) firstRun.push(await measure(tempDataDir('dac-bench-'), /首次使用/));
    log(`startup: sign-in screen ${signIn.map((v) => Math.round(v)).join(', ')} ms; first-run screen ${firstRun.map((v) => Math.round(v)).join(', ')} ms`);
    return [
      { name: 'startup.first_render_ms', value: round(percentile(signIn, 50), 1), unit: 'ms' },
      { name: 'startup.first_run_render_ms', value: round(percentile(firstRun, 50), 1), unit: 'ms' },
    ];
  } finally {
    await browser.close();
  }
}
