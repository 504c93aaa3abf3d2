import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import pdfmake from 'pdfmake';

/**
 * pdfmake 0.3 on the server: Roboto from the pdfmake package (it has the ₹ sign), no network
 * access, and local file access only to those fonts. Images (logos) and QR codes are embedded as
 * data, never fetched. pdfmake is a process-wide singleton; the configuration set here is the same
 * on every call, so setting it each time keeps no state of ours in the module.
 */
export type PdfContent = string | PdfNode | PdfContent[];
export interface PdfNode {
  readonly [key: string]: unknown;
}

export interface PdfDefinition {
  readonly content: PdfContent;
  readonly [key: string]: unknown;
}

const require = createRequire(import.meta.url);

function fontDirectory(): string {
  return join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
}

/**
 * Helvetica, one of PDF's built-in fonts (no file), for the Swiss QR-bill's payment part and
 * receipt: SIX allows only Arial, Frutiger, Helvetica or Liberation Sans there, not Roboto.
 */
const BUILT_IN_FONTS = new Set(['Helvetica', 'Helvetica-Bold']);

function configure(): void {
  const fonts = fontDirectory();
  pdfmake.addFonts({
    Roboto: {
      normal: join(fonts, 'Roboto-Regular.ttf'),
      bold: join(fonts, 'Roboto-Medium.ttf'),
      italics: join(fonts, 'Roboto-Italic.ttf'),
      bolditalics: join(fonts, 'Roboto-MediumItalic.ttf'),
    },
    Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica', bolditalics: 'Helvetica-Bold' },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => BUILT_IN_FONTS.has(path) || resolve(path).startsWith(fonts + sep));
}

export async function renderPdf(definition: PdfDefinition): Promise<Buffer> {
  configure();
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [36, 36, 36, 48],
      defaultStyle: { font: 'Roboto', fontSize: 9 },
      ...definition,
    })
    .getBuffer();
}
