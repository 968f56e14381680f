/**
 * Population of the Netherlands by sex and 5-year age band on 1 January 2024, in thousands, rounded.
 * Source: CBS StatLine, table 7461BEV "Bevolking; geslacht, leeftijd en burgerlijke staat, 1 januari"
 * (2024), aggregated to 5-year bands; values approximate (±2%). The last band is 95–99 (100+ is folded in).
 */
export const PYRAMID_SOURCE = 'CBS StatLine 7461BEV, 1 January 2024, 5-year bands, thousands (approximate)';

export interface AgeBand {
  readonly from: number;
  readonly to: number;
  readonly male: number;
  readonly female: number;
}

const band = (from: number, male: number, female: number): AgeBand => ({ from, to: from + 4, male, female });

export const PYRAMID: readonly AgeBand[] = [
  band(0, 442, 421),
  band(5, 461, 438),
  band(10, 496, 472),
  band(15, 544, 518),
  band(20, 583, 561),
  band(25, 601, 585),
  band(30, 585, 572),
  band(35, 555, 545),
  band(40, 532, 526),
  band(45, 540, 536),
  band(50, 623, 617),
  band(55, 654, 650),
  band(60, 603, 606),
  band(65, 524, 537),
  band(70, 475, 502),
  band(75, 383, 422),
  band(80, 221, 277),
  band(85, 112, 170),
  band(90, 37, 78),
  band(95, 6, 20),
];

/** Share of each (band, sex) cell in the population: index `2*i` is male of band i, `2*i+1` female. */
export function pyramidShares(): number[] {
  const cells = PYRAMID.flatMap((b) => [b.male, b.female]);
  const total = cells.reduce((a, b) => a + b, 0);
  return cells.map((c) => c / total);
}
