import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { DomainError } from '@forecourt/shared/errors';
import type { ChannelInput } from '../common/contract.ts';
import type { CoreProcess } from './core-process.ts';

/**
 * Printing: the core renders the PDF (offline, from the replica); main writes it to the
 * user-data folder and opens it in its own window, where Chromium's PDF viewer offers print and
 * save. The window has no preload and no access to the app's API.
 */
export interface DocumentWindowDeps {
  readonly core: CoreProcess;
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  readonly dir: string;
  readonly icon: string | undefined;
}

export async function showDocument(deps: DocumentWindowDeps, input: ChannelInput<'app:showDocument'>): Promise<null> {
  const rendered = await deps.core.call('documents:render', input);
  if (!rendered.ok)
    throw Object.assign(new DomainError('unavailable', rendered.error.message), { code: rendered.error.code });
  const { fileName, pdfBase64 } = rendered.data as { fileName: string; pdfBase64: string }; // main checked it against the contract
  mkdirSync(deps.dir, { recursive: true });
  const file = join(deps.dir, fileName.replace(/[^A-Za-z0-9.-]+/g, '-'));
  writeFileSync(file, Buffer.from(pdfBase64, 'base64'));
  const window = new deps.BrowserWindow({
    width: 900,
    height: 1000,
    title: fileName,
    ...(deps.icon ? { icon: deps.icon } : {}),
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true },
  });
  await window.loadFile(file);
  return null;
}
