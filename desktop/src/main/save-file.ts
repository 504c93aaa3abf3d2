import { writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { DomainError } from '@forecourt/shared/errors';
import type { ChannelInput, ChannelOutput } from '../common/contract.ts';

/**
 * `app:saveFile`: the system's save dialog for a file the core made (an .xlsx export, a PDF),
 * then the bytes written where the user chose. The dialog and the default folder are passed in
 * (Electron's dialog.showSaveDialog and app.getPath('documents') in production), so the logic
 * runs in plain Node tests with a stand-in dialog and a real temp folder.
 */
export interface SaveDialogOptions {
  readonly title: string;
  readonly defaultPath: string;
  readonly filters: ReadonlyArray<{ readonly name: string; readonly extensions: string[] }>;
}

export interface SaveFileDeps {
  readonly showSaveDialog: (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;
  /** Where the dialog starts: the user's Documents folder. */
  readonly defaultDir: () => string;
}

const KINDS: Readonly<Record<string, { name: string; title: string }>> = {
  '.xlsx': { name: 'Excel workbook', title: 'Save the export' },
  '.pdf': { name: 'PDF document', title: 'Save the document' },
  '.csv': { name: 'CSV file', title: 'Save the export' },
  '.json': { name: 'JSON file', title: 'Save the export' },
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The name the dialog proposes: the core's file name without any folder part, with characters
 * Windows refuses replaced, and only an extension this channel knows (else the save is refused).
 */
export function defaultFileName(fileName: string): string {
  const printable = [...fileName].map((char) => (char.charCodeAt(0) < 32 ? '-' : char)).join('');
  const name = basename(printable.replace(/\\/g, '/'))
    .replace(/[<>:"|?*]+/g, '-')
    .trim();
  const extension = extname(name).toLowerCase();
  if (!KINDS[extension] || name.length <= extension.length)
    throw new DomainError('invalid', `cannot save a file named ${JSON.stringify(fileName)}`);
  return name;
}

/** The chosen path, with the file's extension added when the user typed a name without it. */
function withExtension(path: string, extension: string): string {
  return extname(path).toLowerCase() === extension ? path : `${path}${extension}`;
}

export async function saveFileWithDialog(
  deps: SaveFileDeps,
  input: ChannelInput<'app:saveFile'>,
): Promise<ChannelOutput<'app:saveFile'>> {
  const name = defaultFileName(input.fileName);
  if (input.base64.length % 4 !== 0 || !BASE64.test(input.base64))
    throw new DomainError('invalid', 'the file’s content is not base64');
  const extension = extname(name).toLowerCase();
  const kind = KINDS[extension] ?? { name: 'File', title: 'Save' };
  const chosen = await deps.showSaveDialog({
    title: kind.title,
    defaultPath: join(deps.defaultDir(), name),
    filters: [{ name: kind.name, extensions: [extension.slice(1)] }],
  });
  if (chosen.canceled || !chosen.filePath) return { path: null };
  const path = withExtension(chosen.filePath, extension);
  await writeFile(path, Buffer.from(input.base64, 'base64'));
  return { path };
}
