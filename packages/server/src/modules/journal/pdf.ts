// The printed journal (PDF, pdfmake with its bundled Roboto): signed notes and addenda, no address.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { renderPdf } from '../../pdf/render-pdf.ts';
import { formatPersonnummer } from '@skyddsnat/domain';
import type { PeriodFilter } from './repository.ts';
import type { JournalExtract, NoteWithAddenda } from './service.ts';
import type { NoteType } from './tables.ts';

export const NOTE_TYPE_LABELS: Record<NoteType, string> = {
  visit: 'Besök',
  phone: 'Telefonsamtal',
  home_visit: 'Hembesök',
  collaboration: 'Samverkan',
  document_received: 'Inkommen handling',
  letter: 'Brev',
  other: 'Övrigt',
};

export interface JournalPdfInput {
  caseId: string;
  period: PeriodFilter;
  extract: JournalExtract;
  printedBy: string;
  printedAt: Date;
}

const STOCKHOLM_MINUTE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** "2026-03-02 10:00", Swedish time. */
export function stockholmMinute(instant: Date): string {
  return STOCKHOLM_MINUTE.format(instant);
}

function displayPersonnummer(value: string): string {
  return /^[0-9]{12}$/.test(value) ? formatPersonnummer(value) : value;
}

function periodText(period: PeriodFilter): string {
  if (period.from === undefined && period.to === undefined) return 'Hela journalen';
  return `${period.from ?? 'början'} – ${period.to ?? 'i dag'}`;
}

function section(label: string, text: string): Content[] {
  return [
    { text: label, style: 'label' },
    { text, margin: [0, 0, 0, 4] },
  ];
}

function noteContent(note: NoteWithAddenda): Content[] {
  const signed =
    note.signedBy && note.signedAt
      ? `Signerad av ${note.signedBy.displayName} ${stockholmMinute(note.signedAt)}`
      : 'Ej signerad';
  const parts: Content[] = [
    {
      text: `${note.eventDate} · ${NOTE_TYPE_LABELS[note.noteType]}`,
      style: 'noteHeading',
    },
    { text: `Skriven av ${note.author.displayName} · ${signed}`, style: 'meta' },
    { text: note.body, margin: [0, 2, 0, 4] },
  ];
  if (note.childrenSituation !== null) {
    parts.push(...section('Barnens situation', note.childrenSituation));
  }
  if (note.childrenNotAddressedReason !== null) {
    parts.push(
      ...section('Barnens situation togs inte upp eftersom', note.childrenNotAddressedReason),
    );
  }
  if (note.violenceAssessment !== null) {
    parts.push(...section('Bedömning av våld', note.violenceAssessment));
  }
  for (const addendum of note.addenda) {
    parts.push({
      stack: [
        {
          text: `Tillägg ${stockholmMinute(addendum.createdAt)} av ${addendum.author.displayName}`,
          style: 'label',
        },
        { text: addendum.body },
      ],
      margin: [12, 2, 0, 4],
    });
  }
  parts.push({
    canvas: [{ type: 'line', x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.5, lineColor: '#999999' }],
    margin: [0, 2, 0, 8],
  });
  return parts;
}

/** The document definition: kept separate so what is printed can be reasoned about. */
export function journalDocument(input: JournalPdfInput): TDocumentDefinitions {
  const { applicant, notes } = input.extract;
  // Name and personnummer only: never an address or anything about where the person lives.
  const header: Content = {
    table: {
      widths: [110, '*'],
      body: [
        ['Ärende', input.caseId],
        ['Period', periodText(input.period)],
        ['Sökande', `${applicant.firstName} ${applicant.lastName}`],
        ['Personnummer', displayPersonnummer(applicant.personnummer)],
        ['Utskriven av', input.printedBy],
        ['Utskriven', stockholmMinute(input.printedAt)],
      ],
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 12],
  };
  const body: Content[] =
    notes.length === 0
      ? [{ text: 'Inga signerade anteckningar i perioden.', italics: true }]
      : notes.flatMap((note) => noteContent(note));
  return {
    info: { title: `Journal ${input.caseId}`, creator: 'Skyddsnät' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] },
      noteHeading: { fontSize: 11, bold: true, margin: [0, 4, 0, 0] },
      meta: { fontSize: 8, color: '#555555' },
      label: { bold: true, fontSize: 9, margin: [0, 2, 0, 0] },
    },
    footer: (currentPage: number, pageCount: number): Content => ({
      text: `Journal · ärende ${input.caseId} · sida ${currentPage} av ${pageCount}`,
      fontSize: 8,
      alignment: 'center',
      color: '#555555',
    }),
    content: [{ text: 'Journalutdrag', style: 'title' }, header, ...body],
  };
}

export async function renderJournalPdf(input: JournalPdfInput): Promise<Buffer> {
  return renderPdf(journalDocument(input));
}
