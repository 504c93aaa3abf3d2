import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFileName, saveFileWithDialog, type SaveDialogOptions } from '../../src/main/save-file.ts';
import { saveFile } from '../../src/renderer/lib/save-file.ts';

/**
 * app:saveFile's main-side logic with the dialog stood in (Electron cannot start here): what the
 * dialog is asked, and the bytes written to a real temp folder.
 */
describe('app:saveFile (main process, dialog injected)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'forecourt-save-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function dialogAnswering(answer: { canceled: boolean; filePath?: string }) {
    const asked: SaveDialogOptions[] = [];
    const deps = {
      showSaveDialog: (options: SaveDialogOptions) => {
        asked.push(options);
        return Promise.resolve(answer);
      },
      defaultDir: () => '/home/counter/Documents',
    };
    return { deps, asked };
  }

  const bytes = Buffer.from('PK\u0003\u0004 an xlsx is a zip file', 'latin1');

  it('proposes the export’s name in Documents with an Excel filter, and writes the bytes where the user chose', async () => {
    const target = join(dir, 'jobs-november.xlsx');
    const { deps, asked } = dialogAnswering({ canceled: false, filePath: target });
    const result = await saveFileWithDialog(deps, { fileName: 'jobs-2026-11.xlsx', base64: bytes.toString('base64') });
    expect(result).toEqual({ path: target });
    expect(readFileSync(target)).toEqual(bytes);
    expect(asked).toEqual([
      {
        title: 'Save the export',
        defaultPath: join('/home/counter/Documents', 'jobs-2026-11.xlsx'),
        filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
      },
    ]);
  });

  it('adds the extension when the user typed a name without it, and writes nothing when cancelled', async () => {
    const typed = dialogAnswering({ canceled: false, filePath: join(dir, 'credit note') });
    const pdf = Buffer.from('%PDF-1.7 credit note');
    expect(
      await saveFileWithDialog(typed.deps, { fileName: 'credit-note-C0001.pdf', base64: pdf.toString('base64') }),
    ).toEqual({ path: join(dir, 'credit note.pdf') });
    expect(typed.asked[0]?.filters).toEqual([{ name: 'PDF document', extensions: ['pdf'] }]);
    expect(readFileSync(join(dir, 'credit note.pdf'))).toEqual(pdf);

    const before = readdirSync(dir).sort();
    const cancelled = dialogAnswering({ canceled: true });
    expect(await saveFileWithDialog(cancelled.deps, { fileName: 'x.xlsx', base64: '' })).toEqual({ path: null });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('never proposes a folder from the file name, and refuses unknown kinds and content that is not base64', async () => {
    expect(defaultFileName('../../etc/cron.d/evil.xlsx')).toBe('evil.xlsx');
    expect(defaultFileName('C:\\Windows\\jobs:nov?.xlsx')).toBe('jobs-nov-.xlsx');
    expect(() => defaultFileName('run.exe')).toThrow(/cannot save/);
    expect(() => defaultFileName('.xlsx')).toThrow(/cannot save/);
    const { deps, asked } = dialogAnswering({ canceled: false, filePath: join(dir, 'bad.xlsx') });
    await expect(saveFileWithDialog(deps, { fileName: 'a.xlsx', base64: 'not base64!' })).rejects.toMatchObject({
      code: 'invalid',
    });
    expect(asked).toEqual([]);
  });

  it('the renderer asks main in Electron and reports a cancelled dialog', async () => {
    const calls: unknown[] = [];
    const api = {
      call: (channel: string, input: unknown) => {
        calls.push([channel, input]);
        return Promise.resolve({ path: calls.length === 1 ? '/x/jobs.xlsx' : null });
      },
    } as Parameters<typeof saveFile>[0]; // records the call as main would receive it
    const file = { fileName: 'jobs.xlsx', base64: 'UEs=', contentType: 'application/zip' };
    expect(await saveFile(api, 'electron', file)).toBe('saved');
    expect(await saveFile(api, 'electron', file)).toBe('cancelled');
    expect(calls[0]).toEqual(['app:saveFile', { fileName: 'jobs.xlsx', base64: 'UEs=' }]);
  });
});
