// Synthetic Swedish journal text for the demo municipality: templates composed from fixed
// phrases with a seeded generator, so every rebuild writes the same notes. No real people,
// addresses or events: names in the text are roles ("sökanden", "handläggaren").
import type { NoteType } from '../modules/journal/tables.ts';

/** A small deterministic generator (mulberry32): same seed, same notes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export interface NoteText {
  noteType: NoteType;
  body: string;
  childrenSituation: string | null;
  violenceAssessment: string | null;
}

export interface HouseholdFacts {
  children: number;
  partner: boolean;
}

const FIRST_CONTACT = [
  'Sökanden ringde till mottagningen och berättade att hen saknar inkomst sedan förra månaden. Informerade om hur man ansöker om ekonomiskt bistånd och vilka handlingar som behövs.',
  'Sökanden kom till mottagningen utan tidsbokning och bad om hjälp med hyran. Gick igenom vilka underlag som ska lämnas in och bokade tid för nybesök.',
  'Sökanden ansökte via e-tjänsten. Kontaktade sökanden per telefon för att bekräfta uppgifterna och boka nybesök.',
  'Samtal med sökanden som har blivit uppsagd från sin anställning och väntar på beslut från a-kassan. Informerade om att a-kassan ska sökas först.',
];
const VISIT_OPENING = [
  'Nybesök på kontoret.',
  'Nybesök tillsammans med tolk via telefon.',
  'Nybesök enligt bokad tid. Sökanden kom i tid.',
];
const VISIT_SITUATION = [
  'Sökanden berättar att anställningen upphörde och att sparade medel nu är slut.',
  'Sökanden har varit sjukskriven en längre period och sjukpenningen har dragits in.',
  'Sökanden har nyligen flyttat till kommunen och saknar ännu arbete.',
  'Sökanden studerade tidigare men har avbrutit studierna och står nu utan försörjning.',
  'Sökanden har timanställning med oregelbundna arbetspass och inkomsten räcker inte till hyra och mat.',
];
const VISIT_PLAN = [
  'Planering: sökanden skriver in sig på Arbetsförmedlingen och lämnar kontoutdrag för de tre senaste månaderna.',
  'Planering: ansökan om bostadsbidrag görs hos Försäkringskassan. Ny tid bokas om två veckor.',
  'Planering: sökanden kontaktar a-kassan och lämnar in hyresavi och lönespecifikation.',
  'Planering: underlag kompletteras inom en vecka, därefter fattas beslut.',
];
const PARTNER_TEXT = [
  'Sambon deltog vid besöket och bekräftade uppgifterna om hushållets inkomster.',
  'Maken deltog inte vid besöket; hans inkomster ska redovisas med lönespecifikation.',
  'Makan deltog vid besöket och är inskriven på Arbetsförmedlingen.',
];
const CHILDREN_TEXT = [
  'Barnen går i förskola respektive skola och har enligt föräldern det bra där. Föräldern oroar sig för att inte kunna betala fritidsaktiviteter.',
  'Barnet går i skolan och har fungerande skolgång. Inga uppgifter framkom om att barnet far illa. Föräldern önskar bidrag till vinterkläder.',
  'Frågade om barnens situation. Barnen bor växelvis hos båda föräldrarna. Skolgången fungerar, äldsta barnet har fritidsaktivitet en gång i veckan.',
  'Barnen har enligt föräldern god hälsa och går i skola i närområdet. Hushållet är trångbott; två barn delar rum.',
];
const VIOLENCE = [
  'Frågade om våld i nära relation enligt FREDA; inget framkom.',
  'Frågade om våld i nära relation; inget framkom.',
  'Ställde FREDA-kortfrågorna om våld i nära relation. Sökanden uppger att hen inte är utsatt.',
];
const PHONE = [
  'Sökanden ringde och frågade när utbetalningen kommer. Informerade om att beslut fattas när underlagen är kompletta.',
  'Telefonsamtal med sökanden om komplettering. Sökanden skickar kontoutdrag under veckan.',
  'Sökanden ringde och meddelade att hen fått en provanställning som börjar nästa månad.',
  'Ringde sökanden som inte kommit på bokat besök. Ny tid bokad.',
  'Sökanden ringde och berättade att tvättmaskinen gått sönder och undrade om bistånd kan sökas för den.',
];
const DOCUMENTS = [
  'Inkommen handling: hyresavi för kommande månad.',
  'Inkommen handling: lönespecifikation från timanställning.',
  'Inkommen handling: kontoutdrag för de tre senaste månaderna.',
  'Inkommen handling: beslut om bostadsbidrag från Försäkringskassan.',
  'Inkommen handling: läkarintyg som styrker nedsatt arbetsförmåga.',
  'Inkommen handling: elräkning och hyresavi.',
];
const DOCUMENT_FOLLOW_UP = [
  'Handlingen registreras i akten.',
  'Underlaget är nu komplett för ansökan.',
  'Uppgifterna stämmer med det sökanden uppgett vid besöket.',
];
const COLLABORATION = [
  'Samverkansmöte med handläggare på Arbetsförmedlingen. Sökanden är inskriven och deltar i ett rustande program.',
  'Kontakt med Arbetsförmedlingen om planering. Sökanden har tagit del av erbjuden aktivitet och följer planeringen.',
  'Trepartssamtal med sökanden och Arbetsförmedlingen. Överenskommet att sökanden söker minst tio arbeten per månad.',
  'Kontakt med Försäkringskassan angående handläggningstid för sjukpenning. Beslut väntas inom fyra veckor.',
  'Samverkan med jobbtorget: sökanden påbörjar praktik inom lager och logistik.',
];
const HOME_VISIT = [
  'Hembesök enligt överenskommelse. Bostaden är ändamålsenlig och hushållets behov av möbler bedöms.',
  'Hembesök. Sökanden visade bostaden; spisen fungerar inte och hyresvärden är kontaktad.',
];
const LETTERS = [
  'Skickat brev till sökanden med begäran om komplettering av ansökan.',
  'Skickat kallelse till uppföljningsbesök.',
  'Skickat information om möjligheten att överklaga beslutet.',
];
const OTHER = [
  'Ärendet genomgånget med arbetsledare inför beslut.',
  'Avstämning inom arbetsgruppen om fortsatt planering.',
];
const ADDENDA = [
  'Tillägg: datum för nästa besök rättat i planeringen.',
  'Tillägg: sökanden har i efterhand lämnat kompletterande kontoutdrag.',
  'Tillägg: uppgiften om hyrans storlek ska vara enligt senaste hyresavi.',
];

/** The first contact of a case (reception, on the day the case opened). */
export function firstContactNote(random: () => number): NoteText {
  return {
    noteType: 'phone',
    body: pick(random, FIRST_CONTACT),
    childrenSituation: null,
    violenceAssessment: null,
  };
}

/** The first visit: situation, household, plan, children's heading and the violence question. */
export function firstVisitNote(random: () => number, household: HouseholdFacts): NoteText {
  const parts = [pick(random, VISIT_OPENING), pick(random, VISIT_SITUATION)];
  if (household.partner) parts.push(pick(random, PARTNER_TEXT));
  if (household.children > 0) {
    parts.push(
      household.children === 1
        ? 'I hushållet finns ett barn.'
        : `I hushållet finns ${household.children} barn.`,
    );
  }
  parts.push(pick(random, VISIT_PLAN));
  return {
    noteType: 'visit',
    body: parts.join(' '),
    childrenSituation: household.children > 0 ? pick(random, CHILDREN_TEXT) : null,
    violenceAssessment: pick(random, VIOLENCE),
  };
}

/** A later note in the case: a call, a document, collaboration, a home visit, a letter. */
export function followUpNote(random: () => number, household: HouseholdFacts): NoteText {
  const roll = random();
  if (roll < 0.3) return plain('phone', pick(random, PHONE));
  if (roll < 0.6) {
    return plain(
      'document_received',
      `${pick(random, DOCUMENTS)} ${pick(random, DOCUMENT_FOLLOW_UP)}`,
    );
  }
  if (roll < 0.8) return plain('collaboration', pick(random, COLLABORATION));
  if (roll < 0.87) {
    return {
      noteType: 'home_visit',
      body: pick(random, HOME_VISIT),
      childrenSituation: household.children > 0 ? pick(random, CHILDREN_TEXT) : null,
      violenceAssessment: null,
    };
  }
  if (roll < 0.95) return plain('letter', pick(random, LETTERS));
  return plain('other', pick(random, OTHER));
}

export function addendumText(random: () => number): string {
  return pick(random, ADDENDA);
}

function plain(noteType: NoteType, body: string): NoteText {
  return { noteType, body, childrenSituation: null, violenceAssessment: null };
}
