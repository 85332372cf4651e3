import type { Hono } from 'hono';
import type { PromMetrics } from '../../node-platform/prom-metrics.js';

/**
 * `GET /metrics` (and HEAD): mounted before the webhook endpoints, so it wins over a user
 * route `/metrics` for GET only — a user POST `/metrics` still reaches its endpoint, as
 * with the original. Scrapes are not counted in the request series.
 */
export function mountMetricsRoute(app: Hono, metrics: PromMetrics): void {
  app.get('/metrics', async (c) => {
    const { contentType, body } = await metrics.scrape(c.req.header('accept'));
    return c.body(body, 200, { 'Content-Type': contentType });
  });
}
