// Motivering templates per common situation: a start a new officer adapts, never a final text.

export const REASON_TEMPLATES = [
  {
    id: 'full_grant',
    label: 'Bifall enligt norm och skäliga kostnader',
    text: 'Du har ansökt om ekonomiskt bistånd för din försörjning. Hushållets behov har beräknats enligt riksnormen och dina skäliga kostnader för boende och andra godkända utgifter. Hushållets inkomster räcker inte till behovet, och du har rätt till bistånd med mellanskillnaden.',
  },
  {
    id: 'routine_unchanged',
    label: 'Fortsatt ansökan, oförändrade förhållanden',
    text: 'Du har ansökt om fortsatt ekonomiskt bistånd. Hushållets förhållanden, kostnader och inkomster är desamma som vid förra beslutet, och behovet har beräknats enligt riksnormen och dina skäliga kostnader. Hushållets inkomster räcker inte till behovet, och du har rätt till bistånd med mellanskillnaden.',
  },
  {
    id: 'income_covers_need',
    label: 'Avslag: inkomsterna täcker behovet',
    text: 'Du har ansökt om ekonomiskt bistånd för din försörjning. Hushållets inkomster är högre än behovet beräknat enligt riksnormen och dina skäliga kostnader. Du kan därför tillgodose ditt behov på annat sätt och har inte rätt till bistånd för månaden.',
  },
  {
    id: 'cost_not_reasonable',
    label: 'Delvis bifall: kostnad inte skälig',
    text: 'Du har ansökt om bistånd till en kostnad som är högre än vad som bedöms skäligt för ett hushåll i din situation. Bistånd beviljas upp till den skäliga nivån, och för resten avslås ansökan.',
  },
  {
    id: 'documents_missing',
    label: 'Avslag: underlag saknas trots begäran',
    text: 'Du har ansökt om ekonomiskt bistånd men inte kommit in med de handlingar som behövs för att pröva ansökan, trots att vi har begärt dem. Rätten till bistånd kan därför inte bedömas, och ansökan avslås.',
  },
  {
    id: 'emergency',
    label: 'Nödbistånd samma dag',
    text: 'Du har en akut nödsituation och saknar medel till mat och andra nödvändiga utgifter i dag. Du beviljas nödbistånd för att klara de närmaste dagarna, i väntan på att din ansökan utreds.',
  },
  {
    id: 'reduction_declined_offer',
    label: 'Nedsättning: avböjt lämplig insats',
    text: 'Du har utan godtagbart skäl avböjt en lämplig arbetsmarknadsinsats som du har anvisats. Försörjningsstödet sätts därför ned för månaden. Du har fått veta vad avböjandet kunde leda till innan beslutet fattades.',
  },
] as const;
export type ReasonTemplateId = (typeof REASON_TEMPLATES)[number]['id'];

export function reasonTemplate(id: ReasonTemplateId): string {
  const found = REASON_TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`No reason template '${id}'`);
  return found.text;
}

/** The routine child assessment carried forward from the last decision, stated as such. */
export function carriedChildAssessment(previous: string, previousDate: string): string {
  return `Förhållandena är oförändrade sedan beslutet ${previousDate}. Bedömningen från då gäller fortfarande: ${previous}`;
}
