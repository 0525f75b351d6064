// One pdfmake printer for every document the server prints (journal, decision and recovery
// letters): the bundled Roboto (å ä ö) in pdfmake's virtual file system, no file or URL access.
import pdfmake from 'pdfmake';
import robotoVfs from 'pdfmake/build/vfs_fonts.js';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

interface VirtualFileSystem {
  writeFileSync(name: string, content: Buffer): void;
}

function isVirtualFileSystem(value: unknown): value is VirtualFileSystem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'writeFileSync') === 'function'
  );
}

let fontsReady = false;

/**
 * pdfmake 0.3 on Node keeps one printer with a virtual file system: the Roboto files of
 * build/vfs_fonts go there, and reading local files or URLs is refused outright.
 */
function preparePdfmake(): void {
  if (fontsReady) return;
  const vfs: unknown = Reflect.get(pdfmake, 'virtualfs');
  if (!isVirtualFileSystem(vfs)) throw new Error('pdfmake has no virtual file system');
  for (const [name, base64] of Object.entries(robotoVfs)) {
    vfs.writeFileSync(name, Buffer.from(base64, 'base64'));
  }
  pdfmake.setFonts({
    Roboto: {
      normal: 'Roboto-Regular.ttf',
      bold: 'Roboto-Medium.ttf',
      italics: 'Roboto-Italic.ttf',
      bolditalics: 'Roboto-MediumItalic.ttf',
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
}

export async function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  preparePdfmake();
  return pdfmake.createPdf(document).getBuffer();
}
