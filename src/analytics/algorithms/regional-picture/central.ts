import { combineRegionalPicture, type RegionalArea } from '../../../regional/combine-regional-picture.ts';
import type {
  RegionalPictureInput,
  RegionalPicturePartial,
} from '../../../regional/regional-picture-schemas.ts';
import type { CentralHalf } from '../../algorithm.ts';

/** Sums the stations' released cells per area and year. */
export const central: CentralHalf<RegionalPictureInput, RegionalPicturePartial, { areas: RegionalArea[] }> = {
  combine: (partials) => ({ done: true, result: combineRegionalPicture(partials) }),
};
