/** /api/alerts: saved alert rules, and each rule's Atom feed. */
import { Hono } from 'hono';
import { z } from 'zod';
import { alertRuleSchema, type AlertRule } from '../../alerts/alert-rule.js';
import { ruleFeed } from '../../cli/alert-command.js';
import { addAlertRule, listAlertRules, listAlerts, removeAlertRule } from '../../store/alert-store.js';
import { ApiError } from '../api-error.js';
import type { AppEnv, AppOptions } from '../context.js';
import { parseParams } from '../query-params.js';
import { idParam, jsonBody } from './events.js';

const createSchema = alertRuleSchema.extend({ webhook: z.string().url().optional() });

export function alertRoutes({ store }: AppOptions) {
  const app = new Hono<AppEnv>();

  app.get('/alerts', async (c) => {
    const rules = await listAlertRules(store.db);
    return c.json({
      items: rules.map((r) => ({
        id: r.id,
        name: r.name,
        rule: JSON.parse(r.rule_json) as AlertRule,
        webhook: r.webhook_url,
        enabled: r.enabled === 1,
        createdAt: r.created_at,
      })),
    });
  });

  app.post('/alerts', async (c) => {
    const { webhook, ...rule } = parseParams(createSchema, await jsonBody(c.req.raw));
    const row = await addAlertRule(store.db, {
      name: rule.name,
      ruleJson: JSON.stringify(rule),
      webhookUrl: webhook ?? null,
    });
    // The secret is shown once, to whoever created the rule.
    return c.json({ id: row.id, name: row.name, rule, webhook: row.webhook_url, secret: row.secret }, 201);
  });

  app.delete('/alerts/:id', async (c) => {
    const { id } = parseParams(idParam, c.req.param());
    if (!(await removeAlertRule(store.db, id)))
      throw new ApiError('E_NOT_FOUND', `no alert rule with id ${id}`);
    return c.json({ removed: id });
  });

  app.get('/alerts/:id/feed.atom', async (c) => {
    const { id } = parseParams(idParam, c.req.param());
    const rule = (await listAlertRules(store.db)).find((r) => r.id === id);
    if (!rule) throw new ApiError('E_NOT_FOUND', `no alert rule with id ${id}`);
    const base = new URL(c.req.url).origin;
    const xml = ruleFeed(rule, await listAlerts(store.db, id), `${base}/api/alerts/${id}`, base);
    return c.body(xml, 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });

  return app;
}
