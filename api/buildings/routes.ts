import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { type App, directoryResource } from '../directory/crud.ts';
import { idParam, problems } from '../schemas.ts';
import {
  adminBuildingSchema,
  buildingFilter,
  buildingInput,
  buildingPatch,
  buildingSummarySchema,
  MAX_SEARCH_DEPTH,
  nearestBuildingsQuery,
  passportSchema,
  publicBuildingsQuery,
} from './schemas.ts';
import {
  buildingsNear,
  createBuilding,
  findBuildings,
  getBuilding,
  listPublicBuildings,
  publicBuildingPassport,
  updateBuilding,
} from './service.ts';

/** The public building search and passport, and the admin's records of their municipality's buildings. */
const buildingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/buildings',
    {
      config: { access: { action: 'building.read' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listBuildings',
        tags: ['buildings'],
        summary: 'Поиск домов по адресу или в прямоугольнике / Find buildings by address or in a box',
        querystring: publicBuildingsQuery,
        response: {
          200: z.object({ items: z.array(buildingSummarySchema), truncated: z.boolean() }),
          ...problems,
        },
      },
    },
    async (request) => listPublicBuildings(contextOf(request), request.query),
  );

  app.get(
    '/buildings/nearest',
    {
      config: { access: { action: 'building.read' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'nearestBuildings',
        tags: ['buildings'],
        summary: 'Ближайшие дома к точке / Buildings nearest to a point',
        querystring: nearestBuildingsQuery,
        response: {
          200: z.object({ items: z.array(buildingSummarySchema.extend({ distanceMetres: z.number() })) }),
          ...problems,
        },
      },
    },
    async (request) => ({ items: await buildingsNear(contextOf(request), request.query) }),
  );

  app.get(
    '/buildings/:id',
    {
      config: { access: { action: 'building.read', record: 'building' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getBuilding',
        tags: ['buildings'],
        summary: 'Паспорт дома (публичный) / Building passport (public view)',
        params: idParam,
        response: { 200: passportSchema, ...problems },
      },
    },
    async (request) => publicBuildingPassport(contextOf(request), request.params.id),
  );

  adminBuildingRoutes(app);
};
export default buildingRoutes;

/** The admin's list, get, create and patch of their municipality's buildings. */
function adminBuildingRoutes(app: App): void {
  directoryResource(app, {
    path: '/admin/buildings',
    action: 'admin.buildings',
    record: 'building',
    item: adminBuildingSchema,
    list: {
      operationId: 'listAdminBuildings',
      summary: 'Дома муниципалитета / The municipality’s buildings',
      description: `With \`q\`: the address search residents use (typos and word order are fine), best matches first, at most ${MAX_SEARCH_DEPTH} deep; else by address.`,
      filter: buildingFilter,
      run: findBuildings,
    },
    get: { operationId: 'getAdminBuilding', summary: 'Дом / A building', run: getBuilding },
    create: {
      operationId: 'createBuilding',
      summary: 'Добавить дом / Add a building',
      description:
        'The display address is made from street, house and block; one building per address (409 naming `body.house`). ' +
        'The location must lie inside the municipality; without `districtId` the district containing it is taken.',
      body: buildingInput,
      run: createBuilding,
    },
    patch: {
      operationId: 'updateBuilding',
      summary: 'Изменить дом / Update a building',
      description:
        'Only the fields given change (within `suppliers` and `passport` too). A new management company or supplier answers ' +
        'the appeals filed from now on: open appeals stay with the organisation that holds them (a dispatcher reassigns them ' +
        'if needed). `districtId: null` takes the district containing the location.',
      body: buildingPatch,
      run: updateBuilding,
      after: (app) => app.reference.clear(),
    },
  });
}
