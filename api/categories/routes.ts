import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { directoryResource } from '../directory/crud.ts';
import { idParam, problems } from '../schemas.ts';
import {
  adminCategorySchema,
  categoryFilter,
  categoryInput,
  categoryPatch,
  categoryRemoval,
  categorySchema,
  publicCategoriesQuery,
} from './schemas.ts';
import {
  createCategory,
  findCategories,
  getCategory,
  publicCategories,
  removeCategory,
  updateCategory,
} from './service.ts';

/** The categories residents choose from, and the admin's records of their municipality's categories. */
const categoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/categories',
    {
      // A minute: an admin's change reaches residents soon enough, and revalidation is a 304.
      config: { access: { action: 'category.read' }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'listCategories',
        tags: ['categories'],
        summary: 'Категории обращений / Appeal categories',
        querystring: publicCategoriesQuery,
        response: { 200: z.object({ items: z.array(categorySchema) }), ...problems },
      },
    },
    async (request) => ({ items: await publicCategories(contextOf(request), request.query.municipality) }),
  );

  directoryResource(app, {
    path: '/admin/categories',
    action: 'admin.categories',
    record: 'category',
    item: adminCategorySchema,
    list: {
      operationId: 'listAdminCategories',
      summary: 'Категории муниципалитета, включая закрытые / The municipality’s categories, inactive ones too',
      filter: categoryFilter,
      run: findCategories,
    },
    get: { operationId: 'getAdminCategory', summary: 'Категория / A category', run: getCategory },
    create: {
      operationId: 'createCategory',
      summary: 'Создать категорию / Create a category',
      description:
        'The code is unique in the municipality (409 naming `body.code`). `resource_supplier` needs a `utility`, other kinds none.',
      body: categoryInput,
      run: createCategory,
    },
    patch: {
      operationId: 'updateCategory',
      summary: 'Изменить или закрыть категорию / Update or deactivate a category',
      description:
        'Only the fields given change; `{"active": false}` closes it to new appeals. A change of who answers routes the appeals ' +
        'filed from now on; open appeals keep their organisation.',
      body: categoryPatch,
      run: updateCategory,
      after: (app) => app.reference.clear(),
    },
  });

  app.delete(
    '/admin/categories/:id',
    {
      config: { access: { action: 'admin.categories', record: 'category' } },
      schema: {
        operationId: 'deleteCategory',
        tags: ['admin'],
        summary:
          'Удалить категорию (или закрыть, если она используется) / Delete a category, or deactivate it when in use',
        description:
          'A category no appeal, routing rule or SLA policy refers to is deleted (`outcome: deleted`). One that is referred to ' +
          'is deactivated instead (`outcome: deactivated`): its appeals keep it, residents can no longer choose it.',
        params: idParam,
        response: { 200: categoryRemoval, ...problems },
      },
    },
    async (request) => {
      const removal = await removeCategory(contextOf(request), request.params.id);
      app.reference.clear();
      return removal;
    },
  );
};
export default categoryRoutes;
