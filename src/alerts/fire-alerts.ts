/**
 * Alerts from incidents: after new reports are placed in incidents, every enabled rule is matched
 * against the incidents they created or grew; a match is recorded once per rule, incident and size, and
 * delivered to the rule's webhook (signed), again and again until the receiver acknowledges it.
 */
import { eventDto } from '../store/event-dto.js';
import { incidentDto, type IncidentDTO } from '../store/incident-dto.js';
import { dueAlerts, listAlertRules, markAlert, recordAlert } from '../store/alert-store.js';
import type { Store } from '../store/store.js';
import { alertRuleSchema, matchesRule } from './alert-rule.js';
import { signPayload } from './sign-payload.js';

export interface AlertPayload {
  rule: { id: number; name: string };
  incident: IncidentDTO;
  reports: Array<{
    eventId: number;
    documentId: number;
    outlet: string | null;
    published: string | null;
    evidence: string;
  }>;
  firedAt: string;
}

/** Matches the rules against the incidents; returns how many alerts were recorded. */
export async function fireAlerts(store: Store, incidentIds: readonly number[]): Promise<number> {
  if (!incidentIds.length) return 0;
  const rules = (await listAlertRules(store.db)).filter((r) => r.enabled);
  if (!rules.length) return 0;
  let fired = 0;
  for (const id of new Set(incidentIds)) {
    const record = await store.getIncident(id);
    if (!record) continue;
    const reports = (await store.listEvents({ incident: id, limit: 1000 })).map(eventDto);
    const incident = incidentDto(record);
    for (const rule of rules) {
      const parsed = alertRuleSchema.safeParse(JSON.parse(rule.rule_json));
      if (!parsed.success || !matchesRule(parsed.data, incident, reports)) continue;
      const payload: AlertPayload = {
        rule: { id: rule.id, name: rule.name },
        incident,
        reports: reports.map((r) => ({
          eventId: r.id,
          documentId: r.documentId,
          outlet: r.outlet,
          published: r.published,
          evidence: r.evidence.text,
        })),
        firedAt: new Date().toISOString(),
      };
      const created = await recordAlert(store.db, {
        ruleId: rule.id,
        incidentId: id,
        reports: incident.sourcesCount,
        payloadJson: JSON.stringify(payload),
        deliver: rule.webhook_url !== null,
      });
      if (created) fired++;
    }
  }
  return fired;
}

export interface DeliveryOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

export interface DeliveryReport {
  delivered: number;
  failed: Array<{ alertId: number; error: string }>;
}

/** Waiting time before the next attempt: 30 s, doubling, at most 1 h (attempts counted from 0). */
export const retryDelayMs = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.min(attempts, 10));

/** Posts every due alert to its webhook; 2xx is an acknowledgement, anything else is retried later. */
export async function deliverAlerts(store: Store, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const send = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const report: DeliveryReport = { delivered: 0, failed: [] };
  for (const alert of await dueAlerts(store.db, now().toISOString())) {
    const body = alert.payload_json;
    const timestamp = Math.floor(now().getTime() / 1000);
    let error: string | null = null;
    try {
      const res = await send(alert.webhook_url!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'marsad-alerts',
          'x-marsad-delivery': String(alert.id),
          'x-marsad-timestamp': String(timestamp),
          'x-marsad-signature': signPayload(alert.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (error === null) {
      await markAlert(store.db, alert.id, { delivered: true, at: now().toISOString() });
      report.delivered++;
    } else {
      const next = new Date(now().getTime() + retryDelayMs(alert.attempts)).toISOString();
      await markAlert(store.db, alert.id, { delivered: false, error, nextAttemptAt: next });
      report.failed.push({ alertId: alert.id, error });
    }
  }
  return report;
}
