/**
 * An alerts job: the rules matched against the incidents a placement touched, each match recorded once
 * (unique per rule, incident and number of reports: a retried job records nothing twice), then the due
 * alerts posted to their webhooks. The kind is a singleton queue, so two workers never post one alert
 * at the same time; a worker killed between a post and its record posts it again on retry, which the
 * receiver recognises by its X-Marsad-Delivery id.
 */
import { deliverAlerts, fireAlerts, type DeliveryOptions } from '../alerts/fire-alerts.js';
import type { Store } from '../store/store.js';
import type { AlertsJob } from './job-kinds.js';

export async function runAlertsJob(
  ctx: { store: Store; alertDelivery?: DeliveryOptions },
  job: AlertsJob,
): Promise<{ fired: number; delivered: number; waiting: number }> {
  const fired = await fireAlerts(ctx.store, job.incidentIds);
  const delivery = await deliverAlerts(ctx.store, ctx.alertDelivery ?? {});
  return { fired, delivered: delivery.delivered, waiting: delivery.failed.length };
}
