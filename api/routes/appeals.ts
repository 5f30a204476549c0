import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const appealRoutes: FastifyPluginAsyncZod = async () => {};
export default appealRoutes;
