import { audit, diffFields } from '../../../platform/audit/audit.ts';
import { authorize } from '../../../platform/auth/permissions.ts';
import { type Ctx, type Deps, systemCtx } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { withTx } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import { notify } from '../../notifications/notifications.service.ts';
import { findFunnelRow } from '../product/funnels.repo.ts';
import { funnelConversionBetween } from '../product/funnels.service.ts';
import { countApiErrors } from '../product/product.repo.ts';
import type { AlertDto, AlertKind, CreateAlertInput, UpdateAlertInput } from './alerts.contracts.ts';
import type { AlertRow } from './alerts.repo.ts';
import * as repo from './alerts.repo.ts';

const ENTITY = 'analytics_alert';
/** The notification type of a firing alert (data: `{ alertId }`). */
const ALERT_NOTIFICATION_TYPE = 'analytics.alert';

const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });
const notFound = (id: string) => new AppError('analytics_alert.not_found', `Alert ${id} was not found`);

/**
 * Thresholds and values keep two decimals: the columns are `real` (float4), which would answer 33.33 as
 * 33.33000183… and cannot hold a number as small as 1e-136 (the database refuses it).
 */
const round2 = (v: number) => Math.round(v * 100) / 100;

const toDto = (row: AlertRow): AlertDto => ({
  id: row.id,
  name: row.name,
  kind: row.kind as AlertKind,
  threshold: round2(row.threshold),
  windowMinutes: row.windowMinutes,
  funnelId: row.funnelId,
  active: row.active,
  lastValue: row.lastValue === null ? null : round2(row.lastValue),
  lastCheckedAt: row.lastCheckedAt,
  lastFiredAt: row.lastFiredAt,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

type AlertState = Pick<AlertDto, 'name' | 'kind' | 'threshold' | 'windowMinutes' | 'funnelId' | 'active'>;
const audited = (a: AlertState) => ({
  name: a.name,
  kind: a.kind,
  threshold: a.threshold,
  windowMinutes: a.windowMinutes,
  funnelId: a.funnelId,
  active: a.active,
});

/** A funnel alert names an existing saved funnel and a percentage; an API-error alert names no funnel. */
async function assertValid(db: Queryable, state: AlertState): Promise<void> {
  if (state.kind === 'funnel_conversion') {
    if (!state.funnelId) {
      throw new AppError('analytics_alert.funnel_required', 'A funnel_conversion alert watches a saved funnel', {
        fields: [{ path: 'body.funnelId', message: 'required for funnel_conversion', code: 'required' }],
      });
    }
    if (!(await findFunnelRow(db, state.funnelId))) {
      throw new AppError('analytics_alert.funnel_not_found', `Funnel ${state.funnelId} was not found`, {
        status: 400,
        fields: [{ path: 'body.funnelId', message: 'no such saved funnel', code: 'not_found' }],
      });
    }
    if (state.threshold > 100) {
      throw new AppError('analytics_alert.invalid', 'A conversion threshold is a percentage (0-100)', {
        fields: [{ path: 'body.threshold', message: 'at most 100 for a conversion', code: 'too_big' }],
      });
    }
  } else if (state.funnelId) {
    throw new AppError('analytics_alert.invalid', 'An api_errors alert watches no funnel', {
      fields: [{ path: 'body.funnelId', message: 'only for funnel_conversion', code: 'not_allowed' }],
    });
  }
}

export async function listAlerts(ctx: Ctx): Promise<{ items: AlertDto[] }> {
  requireAdmin(ctx);
  return { items: (await repo.listAlertRows(ctx.deps.database.db)).map(toDto) };
}

export async function getAlert(ctx: Ctx, id: string): Promise<AlertDto> {
  requireAdmin(ctx);
  const row = await repo.findAlertRow(ctx.deps.database.db, id);
  if (!row) throw notFound(id);
  return toDto(row);
}

export async function createAlert(ctx: Ctx, input: CreateAlertInput): Promise<AlertDto> {
  requireAdmin(ctx);
  const state: AlertState = { ...input, threshold: round2(input.threshold), funnelId: input.funnelId ?? null };
  return withTx(ctx, async (t) => {
    await assertValid(t.db, state);
    const row = await repo.insertAlertRow(t.db, { ...state, createdBy: ctx.actor.userId });
    await audit(t, {
      entityType: ENTITY,
      entityId: row.id,
      action: 'create',
      changes: diffFields(null, audited(state)),
    });
    return toDto(row);
  });
}

export async function updateAlert(ctx: Ctx, id: string, input: UpdateAlertInput): Promise<AlertDto> {
  requireAdmin(ctx);
  return withTx(ctx, async (t) => {
    const before = await repo.findAlertRow(t.db, id);
    if (!before) throw notFound(id);
    const patch = Object.fromEntries(
      Object.entries({
        ...input,
        threshold: input.threshold === undefined ? undefined : round2(input.threshold),
      }).filter(([, v]) => v !== undefined),
    ) as Partial<AlertState>;
    const state: AlertState = { ...toDto(before), ...patch };
    await assertValid(t.db, state);
    const changes = diffFields(audited(toDto(before)), audited(state));
    if (Object.keys(changes).length === 0) return toDto(before);
    const row = await repo.updateAlertRow(t.db, id, { ...patch, updatedAt: ctx.deps.clock.now() });
    if (!row) throw notFound(id);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
    return toDto(row);
  });
}

export async function deleteAlert(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (t) => {
    const before = await repo.findAlertRow(t.db, id);
    if (!before || !(await repo.deleteAlertRow(t.db, id))) throw notFound(id);
    const nulls = Object.fromEntries(Object.keys(audited(toDto(before))).map((k) => [k, null]));
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'delete',
      changes: diffFields(audited(toDto(before)), nulls),
    });
  });
}

/** What an alert measures over [now − window, now): API errors (a count) or a funnel's conversion (%, or null). */
export async function measure(db: Queryable, alert: AlertRow, now: Date): Promise<number | null> {
  const since = new Date(now.getTime() - alert.windowMinutes * 60_000);
  if (alert.kind === 'api_errors') return countApiErrors(db, since, now);
  if (alert.kind === 'funnel_conversion' && alert.funnelId) {
    return funnelConversionBetween(db, alert.funnelId, since, now);
  }
  return null;
}

/** Whether a measure crosses the alert's threshold: more API errors than it, a conversion below it. */
export function isFiring(kind: string, value: number | null, threshold: number): boolean {
  if (value === null) return false;
  return kind === 'api_errors' ? value > threshold : value < threshold;
}

type Locale = 'fr' | 'en';
const NNBSP = '\u202f';

function windowText(minutes: number, locale: Locale): string {
  if (minutes % 1440 === 0) {
    const d = minutes / 1440;
    return locale === 'fr' ? `${d}${NNBSP}jour${d > 1 ? 's' : ''}` : `${d} day${d > 1 ? 's' : ''}`;
  }
  if (minutes % 60 === 0) return `${minutes / 60}${locale === 'fr' ? NNBSP : ' '}h`;
  return `${minutes}${locale === 'fr' ? NNBSP : ' '}min`;
}

const number = (v: number, locale: Locale) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(v);

/** The notification of a firing alert, in the recipient's language. */
export function alertMessage(
  alert: Pick<AlertRow, 'name' | 'kind' | 'threshold' | 'windowMinutes'>,
  value: number,
  locale: Locale,
  funnelName?: string,
): { title: string; body: string } {
  const w = windowText(alert.windowMinutes, locale);
  if (locale === 'fr') {
    const title = `Alerte${NNBSP}: ${alert.name}`;
    if (alert.kind === 'api_errors') {
      return {
        title,
        body: `${number(value, 'fr')} erreurs d’API en ${w} (seuil${NNBSP}: ${number(alert.threshold, 'fr')})`,
      };
    }
    return {
      title,
      body: `Conversion de l’entonnoir «${NNBSP}${funnelName ?? ''}${NNBSP}»${NNBSP}: ${number(value, 'fr')}${NNBSP}% en ${w} (seuil${NNBSP}: ${number(alert.threshold, 'fr')}${NNBSP}%)`,
    };
  }
  const title = `Alert: ${alert.name}`;
  if (alert.kind === 'api_errors') {
    return { title, body: `${number(value, 'en')} API errors in ${w} (threshold: ${number(alert.threshold, 'en')})` };
  }
  return {
    title,
    body: `Conversion of the “${funnelName ?? ''}” funnel: ${number(value, 'en')}% in ${w} (threshold: ${number(alert.threshold, 'en')}%)`,
  };
}

export interface AlertCheck {
  alertId: string;
  value: number | null;
  firing: boolean;
  /** Administrators notified (when firing and the cooldown since the last notice has passed; else 0). */
  notified: number;
}

/**
 * Checks every active alert once (the worker's job, every minute): measures it, stores the value and the time, and
 * when it fires notifies every active administrator (type `analytics.alert`, data `{ alertId }`), at most once per
 * ANALYTICS_ALERT_COOLDOWN_MINUTES. Each alert is checked in its own transaction under a row lock taken with SKIP
 * LOCKED, so two workers never check (and notify) the same alert at once; a failing alert does not stop the others.
 */
export async function evaluateAlerts(deps: Deps): Promise<AlertCheck[]> {
  const ctx = systemCtx(deps);
  const cooldownMs = deps.config.analytics.alertCooldownMinutes * 60_000;
  const checks: AlertCheck[] = [];
  for (const id of await repo.activeAlertIds(deps.database.db)) {
    try {
      const check = await withTx(ctx, async (t) => {
        const locked = await repo.lockActiveAlert(t.db, id);
        if (!locked) return null;
        const alert = { ...locked, threshold: round2(locked.threshold) };
        const now = deps.clock.now();
        const value = await measure(t.db, alert, now);
        const firing = isFiring(alert.kind, value, alert.threshold);
        const due = firing && (!alert.lastFiredAt || now.getTime() - alert.lastFiredAt.getTime() >= cooldownMs);
        let notified = 0;
        if (due && value !== null) {
          const funnel = alert.funnelId ? await findFunnelRow(t.db, alert.funnelId) : null;
          for (const admin of await repo.activeAdmins(t.db)) {
            const locale: Locale = admin.locale === 'en' ? 'en' : 'fr';
            const { title, body } = alertMessage(alert, value, locale, funnel?.name);
            await notify(t, {
              userId: admin.id,
              type: ALERT_NOTIFICATION_TYPE,
              title,
              body,
              data: { alertId: alert.id },
            });
            notified++;
          }
        }
        await repo.recordCheck(t.db, alert.id, { value: value === null ? null : round2(value), at: now, fired: due });
        return { alertId: alert.id, value, firing, notified };
      });
      if (check) checks.push(check);
    } catch (err) {
      deps.log.error({ err, alertId: id }, 'analytics alert check failed');
    }
  }
  return checks;
}
