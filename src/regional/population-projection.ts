import { readFileSync } from 'node:fs';
import type { RegionalArea } from './combine-regional-picture.ts';
import {
  type PopulationProjection,
  PopulationProjectionSchema,
  type ProjectedArea,
  projectAreaWith,
} from './project-area.ts';

export { type PopulationProjection, PopulationProjectionSchema, type ProjectedArea } from './project-area.ts';

/** The shipped projection (`population-projection.json`: figures, source, date, what is published). */
export function loadPopulationProjection(): PopulationProjection {
  const url = new URL('./population-projection.json', import.meta.url);
  return PopulationProjectionSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

/** {@link projectAreaWith} on the shipped projection unless another is given. */
export function projectArea(
  area: RegionalArea,
  year: number,
  projection: PopulationProjection = loadPopulationProjection(),
): ProjectedArea {
  return projectAreaWith(area, year, projection);
}
