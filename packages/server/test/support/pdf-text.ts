// Text of a PDF as a reader sees it, extracted with pdf.js (unpdf) independently of how it was made.
import { extractText } from 'unpdf';

export type PdfText = {
  pageCount: number;
  /** Each page's text as pdf.js extracts it, lines separated by newlines. */
  pages: string[];
  /** All pages, every run of white space (newlines, no-break spaces) made one plain space. */
  flat: string;
};

/** White space of any kind as one plain space, so wrapped lines and "12 345 kr" compare as typed. */
export function flattenWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

export async function readPdfText(pdf: Uint8Array): Promise<PdfText> {
  // A copy: pdf.js may take over (detach) the buffer it is given.
  const { totalPages, text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  return { pageCount: totalPages, pages: text, flat: flattenWhitespace(text.join('\n')) };
}
