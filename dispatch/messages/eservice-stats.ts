/**
 * The project office's figures of municipal e-services (api/eservice-stats/): staff read them, so
 * Russian and English.
 */
export const eserviceStatsMessages = {
  'eservice_stats.own_department_only': {
    ru: 'Только показатели услуг своего подразделения.',
    en: 'Only your own department’s services.',
  },
  'eservice_stats.service_not_found': { ru: 'Услуга не найдена.', en: 'Service not found.' },
  'eservice_stats.field.not_your_department': {
    ru: 'не ваше подразделение',
    en: 'not your department',
  },
};
