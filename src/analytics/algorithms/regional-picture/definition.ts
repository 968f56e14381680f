import type { RegionalArea } from '../../../regional/combine-regional-picture.ts';
import {
  type RegionalPictureInput,
  RegionalPictureInputSchema,
  type RegionalPicturePartial,
  RegionalPicturePartialSchema,
} from '../../../regional/regional-picture-schemas.ts';
import type { AlgorithmDefinition } from '../../algorithm.ts';

/**
 * The regional picture (regiobeeld): per province or municipality and year, the persons by age band and
 * sex and their ED visits, unplanned admissions and GP contacts per 1,000 and cost per inhabitant.
 */
export const definition: AlgorithmDefinition<
  RegionalPictureInput,
  RegionalPicturePartial,
  { areas: RegionalArea[] }
> = {
  name: 'regional-picture',
  version: '1.2.0',
  description:
    'Regional picture: population by age band and sex, ED visits, admissions and GP contacts per 1,000 and cost per inhabitant, per area and year',
  inputSchema: RegionalPictureInputSchema,
  outputSchema: RegionalPicturePartialSchema,
  disclosure: ['counts', 'moments'],
  maxRounds: 1,
};
