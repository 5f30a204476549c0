import { getBuildingFacts, setBuildingWindow, setMunicipalityWindow } from '../../db/queries/readings.ts';
import { authorizeBuilding, windowOut } from '../apartments/access.ts';
import type { Context } from '../context.ts';
import type { WindowInput } from './schemas.ts';

/** The company sets a building's own reading days, or (null) returns it to its municipality's. */
export async function setBuildingReadingWindow(ctx: Context, buildingId: number, days: WindowInput | null) {
  authorizeBuilding(ctx, 'apartment.manage', await getBuildingFacts(ctx.db, buildingId));
  await setBuildingWindow(ctx.db, buildingId, days);
  return windowOut((await getBuildingFacts(ctx.db, buildingId))!, ctx.clock());
}

/** An administrator sets the municipality's reading days. */
export async function setMunicipalityReadingWindow(ctx: Context, days: WindowInput): Promise<WindowInput> {
  await setMunicipalityWindow(ctx.db, ctx.actor!.municipalityId, days);
  return days;
}
