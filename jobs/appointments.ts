/** Appointments' reminders: each appointment.remind job reminds the person, if still due (api/appointments/notices.ts). */
import { systemContext } from '../api/context.ts';
import { remindAppointment } from '../api/appointments/notices.ts';
import type { Database } from '../db/client.ts';
import { type Boss, queues } from './queues.ts';

export async function registerAppointmentReminders(boss: Boss, db: Database, clock: () => Date) {
  const ctx = systemContext({ db, boss, clock });
  await boss.work('appointment.remind', { batchSize: 20, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await remindAppointment(ctx, queues['appointment.remind'].payload.parse(job.data));
  });
}
