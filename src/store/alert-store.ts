/** Alert rules and fired alerts in the database (the rules' logic is in src/alerts). */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AlertRow, AlertRuleRow, Database } from './schema.js';

export interface NewAlertRule {
  name: string;
  ruleJson: string;
  webhookUrl: string | null;
  secret?: string;
}

export async function addAlertRule(db: Kysely<Database>, rule: NewAlertRule): Promise<AlertRuleRow> {
  return db
    .insertInto('alert_rules')
    .values({
      name: rule.name,
      rule_json: rule.ruleJson,
      webhook_url: rule.webhookUrl,
      secret: rule.secret ?? randomBytes(24).toString('base64url'),
      created_at: new Date().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listAlertRules(db: Kysely<Database>): Promise<AlertRuleRow[]> {
  return db.selectFrom('alert_rules').selectAll().orderBy('id').execute();
}

export async function removeAlertRule(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Records an alert unless this rule already fired on this incident at this size; true when new. */
export async function recordAlert(
  db: Kysely<Database>,
  alert: { ruleId: number; incidentId: number; reports: number; payloadJson: string; deliver: boolean },
): Promise<boolean> {
  const now = new Date().toISOString();
  const row = await db
    .insertInto('alerts')
    .values({
      rule_id: alert.ruleId,
      incident_id: alert.incidentId,
      reports: alert.reports,
      payload_json: alert.payloadJson,
      created_at: now,
      next_attempt_at: alert.deliver ? now : null,
    })
    .onConflict((oc) => oc.columns(['rule_id', 'incident_id', 'reports']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Alerts waiting for their webhook, due now, oldest first, with the rule's URL and secret. */
export function dueAlerts(db: Kysely<Database>, now: string, limit = 100) {
  return db
    .selectFrom('alerts')
    .innerJoin('alert_rules', 'alert_rules.id', 'alerts.rule_id')
    .select([
      'alerts.id',
      'alerts.rule_id',
      'alerts.payload_json',
      'alerts.attempts',
      'alerts.created_at',
      'alert_rules.webhook_url',
      'alert_rules.secret',
    ])
    .where('alerts.delivered_at', 'is', null)
    .where('alerts.next_attempt_at', 'is not', null)
    .where('alerts.next_attempt_at', '<=', now)
    .where('alert_rules.webhook_url', 'is not', null)
    .orderBy('alerts.id')
    .limit(limit)
    .execute();
}

export async function markAlert(
  db: Kysely<Database>,
  id: number,
  outcome: { delivered: true; at: string } | { delivered: false; error: string; nextAttemptAt: string },
): Promise<void> {
  await db
    .updateTable('alerts')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(outcome.delivered
        ? { delivered_at: outcome.at, next_attempt_at: null, last_error: null }
        : { last_error: outcome.error.slice(0, 500), next_attempt_at: outcome.nextAttemptAt }),
    }))
    .where('id', '=', id)
    .execute();
}

export function listAlerts(db: Kysely<Database>, ruleId: number, limit = 50): Promise<AlertRow[]> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
