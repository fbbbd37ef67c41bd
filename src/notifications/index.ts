/** What other modules may use of notifications besides its module, services, errors and dto/. */
export { ALERT_SEVERITY_ENUM, ALERT_STATUS_ENUM, INTERVENTION_STATUS_ENUM } from './alert-values';
