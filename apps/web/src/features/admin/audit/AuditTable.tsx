import { ActionIcon, Badge, Code, Group, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconExternalLink } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../app/format.ts';
import { SimpleTable, type TablePager } from '../../../ui/SimpleTable.tsx';
import type { AuditRow } from '../api.ts';
import { AuditDetails } from './AuditDetails.tsx';
import { actionColor, entityHref, useAuditLabels } from './labels.ts';

/** The log's entries, newest first; a click on one (or its chevron) opens its detail under it. */
export function AuditTable({
  rows,
  pending,
  pager,
  empty,
  actorName,
}: {
  rows: AuditRow[] | undefined;
  pending: boolean;
  pager: TablePager;
  empty: ReactNode;
  actorName: (userId: string | null) => string;
}) {
  const { t } = useTranslation('admin');
  const fmt = useFormat();
  const { entityLabel, actionLabel } = useAuditLabels();
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const toggle = (seq: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  const actorLabel = (r: AuditRow) => {
    if (r.actorType === 'system' || (!r.actorUserId && !r.actorId)) return t('audit.system');
    const name = actorName(r.actorUserId);
    return r.actorType === 'api_key' ? `${name} · ${t('audit.apiKey')}` : name;
  };

  return (
    <SimpleTable
      minWidth={820}
      rows={rows}
      pending={pending}
      rowKey={(r) => r.seq}
      skeleton={{ rows: 8, height: 24 }}
      striped={false}
      rowTestId="audit-row"
      rowProps={(r) => ({ onClick: () => toggle(r.seq), style: { cursor: 'pointer' } })}
      detail={(r) => (expanded.has(r.seq) ? { id: `audit-${r.seq}`, content: <AuditDetails row={r} /> } : null)}
      empty={empty}
      pager={pager}
      columns={[
        {
          key: 'toggle',
          header: t('audit.details'),
          hidden: true,
          width: 44,
          render: (r) => {
            const open = expanded.has(r.seq);
            return (
              <ActionIcon
                variant="subtle"
                aria-expanded={open}
                aria-controls={`audit-${r.seq}`}
                aria-label={open ? t('audit.collapse', { seq: r.seq }) : t('audit.expand', { seq: r.seq })}
                onClick={(e) => {
                  e.stopPropagation();
                  toggle(r.seq);
                }}
              >
                {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
              </ActionIcon>
            );
          },
        },
        {
          key: 'when',
          header: t('audit.when'),
          render: (r) => (
            <Tooltip label={fmt.relative(r.occurredAt)}>
              <Text size="sm" component="span" style={{ whiteSpace: 'nowrap' }}>
                {fmt.dateTime(r.occurredAt)}
              </Text>
            </Tooltip>
          ),
        },
        { key: 'actor', header: t('audit.actor'), render: (r) => <Text size="sm">{actorLabel(r)}</Text> },
        {
          key: 'action',
          header: t('audit.action'),
          render: (r) => {
            const changed = r.changes ? Object.keys(r.changes).length : 0;
            return (
              <Group gap={6} wrap="nowrap">
                <Badge variant="light" color={actionColor(r.action)} tt="none" miw="max-content">
                  {actionLabel(r.action)}
                </Badge>
                {changed > 0 && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {t('audit.fieldsCount', { count: changed })}
                  </Text>
                )}
              </Group>
            );
          },
        },
        {
          key: 'entityType',
          header: t('audit.entityType'),
          render: (r) => <Text size="sm">{entityLabel(r.entityType)}</Text>,
        },
        { key: 'entityId', header: t('audit.entityId'), render: (r) => <EntityId row={r} /> },
      ]}
    />
  );
}

/** The entry's record: its id, cut, and a link to its page when the app has one. */
function EntityId({ row: r }: { row: AuditRow }) {
  const { t } = useTranslation('admin');
  if (!r.entityId) return '—';
  const href = entityHref(r);
  return (
    <Group gap={4} wrap="nowrap">
      <Code>{r.entityId.length > 13 ? `${r.entityId.slice(0, 8)}…` : r.entityId}</Code>
      {href && (
        <Tooltip label={t('audit.open')}>
          <ActionIcon
            component={Link}
            to={href}
            variant="subtle"
            size="sm"
            aria-label={`${t('audit.open')} ${r.entityId}`}
            onClick={(e) => e.stopPropagation()}
          >
            <IconExternalLink size={14} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
