import type { Api } from '../../common/api.ts';

/**
 * Hands a file made by the core (an export, a PDF) to the user. Electron: main's save dialog
 * (`app:saveFile`), proposing the file's name in Documents; 'cancelled' when the user closes it.
 * Browser mode: a download, which the browser saves where its settings say.
 */
export async function saveFile(
  api: Pick<Api, 'call'>,
  mode: 'electron' | 'browser' | undefined,
  file: { readonly fileName: string; readonly base64: string; readonly contentType: string },
): Promise<'saved' | 'downloaded' | 'cancelled'> {
  if (mode !== 'electron') {
    saveBase64File(file.fileName, file.base64, file.contentType);
    return 'downloaded';
  }
  const { path } = await api.call('app:saveFile', { fileName: file.fileName, base64: file.base64 });
  return path ? 'saved' : 'cancelled';
}

/** The browser's download of a file: an anchor with `download` on a blob URL. */
export function saveBase64File(fileName: string, base64: string, contentType: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
