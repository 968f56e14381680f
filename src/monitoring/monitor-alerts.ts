import type { AlertKind } from './sequential-alert.ts';

/** An alert with its reason in plain words (Dutch and English), the month, the statistic and the boundary. */
export interface MonitorAlert {
  kind: AlertKind;
  month: string;
  indicator: string;
  statistic: number;
  boundary: number;
  rateRatio: number;
  lower: number;
  upper: number;
  reason: { nl: string; en: string };
}

const f2 = (x: number) => x.toFixed(2);
/** Lower-cases the first letter only, so abbreviations (SEH, GP) keep their capitals. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The plain-word reason of an alert, for a patient council as much as for an insurer. */
export function alertReason(
  a: Omit<MonitorAlert, 'reason'>,
  names: { nl: string; en: string },
  alpha: number,
  looks: number,
): { nl: string; en: string } {
  const pct = `${(100 * alpha).toFixed(1)}%`;
  const ci = `${f2(a.rateRatio)} (95%-BI ${f2(a.lower)}–${f2(a.upper)})`;
  const ciEn = `${f2(a.rateRatio)} (95% CI ${f2(a.lower)}–${f2(a.upper)})`;
  if (a.kind === 'scale-up') {
    return {
      nl:
        `Duidelijk beter (opschalen): t/m ${a.month} is ${lowerFirst(names.nl)} in de groep met de innovatie ` +
        `sterker gedaald dan in de vergelijkbare controlegroep; de verhouding is ${ci}. De toetsgrootheid ` +
        `${f2(a.statistic)} ligt voorbij de grens −${f2(a.boundary)}, zo gekozen dat een vals alarm over ` +
        `${looks} maandelijkse metingen hooguit ${pct} kans heeft.`,
      en:
        `Clearly better (scale up): through ${a.month} ${lowerFirst(names.en)} fell more in the group with the ` +
        `innovation than in the matched control group; the ratio is ${ciEn}. The test statistic ` +
        `${f2(a.statistic)} is past the boundary −${f2(a.boundary)}, set so that a false alarm over ${looks} ` +
        `monthly looks has at most a ${pct} chance.`,
    };
  }
  return {
    nl:
      `Duidelijk slechter (veiligheid): t/m ${a.month} is ${lowerFirst(names.nl)} in de groep met de innovatie ` +
      `sterker gestegen dan in de vergelijkbare controlegroep; de verhouding is ${ci}. De toetsgrootheid ` +
      `${f2(a.statistic)} ligt voorbij de grens ${f2(a.boundary)}, zo gekozen dat een vals alarm over ` +
      `${looks} maandelijkse metingen hooguit ${pct} kans heeft.`,
    en:
      `Clearly worse (safety): through ${a.month} ${lowerFirst(names.en)} rose more in the group with the ` +
      `innovation than in the matched control group; the ratio is ${ciEn}. The test statistic ` +
      `${f2(a.statistic)} is past the boundary ${f2(a.boundary)}, set so that a false alarm over ${looks} ` +
      `monthly looks has at most a ${pct} chance.`,
  };
}
