import type {
  RegionalPictureInput,
  RegionalPicturePartial,
} from '../../../regional/regional-picture-schemas.ts';
import { releaseRegionalPicture } from '../../../regional/release-regional-picture.ts';
import type { LocalHalf } from '../../algorithm.ts';

/** Counts per area, year, age band and sex at the station, through its disclosure control. */
export const local: LocalHalf<RegionalPictureInput, RegionalPicturePartial> = {
  run: (ctx, input) => releaseRegionalPicture(ctx, input),
};
