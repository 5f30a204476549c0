import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bookingRoutes } from './booking-routes.ts';
import { publicRoutes } from './public-routes.ts';

/** Booking an appointment at an office (issue 16): what anyone reads first, then the resident's bookings. */
const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  publicRoutes(app);
  bookingRoutes(app);
};

export default appointmentRoutes;
