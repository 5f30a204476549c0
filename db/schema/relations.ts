import { relations } from 'drizzle-orm';
import { appealEvents, appeals } from './appeals.ts';
import { attachments } from './attachments.ts';
import { buildings } from './buildings.ts';
import { categories } from './categories.ts';
import { districts, municipalities } from './municipalities.ts';
import { organisations } from './organisations.ts';
import { userPersonal, users } from './users.ts';

export const municipalitiesRelations = relations(municipalities, ({ many }) => ({
  districts: many(districts),
}));
export const districtsRelations = relations(districts, ({ one }) => ({
  municipality: one(municipalities, { fields: [districts.municipalityId], references: [municipalities.id] }),
}));
export const buildingsRelations = relations(buildings, ({ one }) => ({
  district: one(districts, { fields: [buildings.districtId], references: [districts.id] }),
  managementCompany: one(organisations, {
    fields: [buildings.managementCompanyId],
    references: [organisations.id],
  }),
}));
export const usersRelations = relations(users, ({ one }) => ({
  personal: one(userPersonal, { fields: [users.id], references: [userPersonal.userId] }),
  organisation: one(organisations, { fields: [users.organisationId], references: [organisations.id] }),
}));
export const appealsRelations = relations(appeals, ({ one, many }) => ({
  category: one(categories, { fields: [appeals.categoryId], references: [categories.id] }),
  building: one(buildings, { fields: [appeals.buildingId], references: [buildings.id] }),
  assignedOrg: one(organisations, { fields: [appeals.assignedOrgId], references: [organisations.id] }),
  events: many(appealEvents),
  attachments: many(attachments),
}));
export const appealEventsRelations = relations(appealEvents, ({ one }) => ({
  appeal: one(appeals, { fields: [appealEvents.appealId], references: [appeals.id] }),
}));
export const attachmentsRelations = relations(attachments, ({ one }) => ({
  appeal: one(appeals, { fields: [attachments.appealId], references: [appeals.id] }),
}));
