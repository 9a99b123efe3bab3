import { MANDAT_KINDS, SOURCES } from '@crm/contracts';
import { Anchor, Badge, Card, SimpleGrid, Stack, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useTeams } from '../../app/teams.ts';
import { type EditorProps, InlineField } from '../../ui/InlineField.tsx';
import { inlineNumber, inlineSelect, inlineText } from '../../ui/InlineFieldEditors.tsx';
import { CURRENCIES, type Mandat, mandatKey, useOrganisationNames } from './model.ts';

type Patch = Partial<Record<keyof Mandat, unknown>>;

/** Saves one change of a mandate and refreshes what shows it. */
export function usePatchMandat(id: string) {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  return async (patch: Patch) => {
    const m = data(await api.PATCH('/api/v1/mandats/{id}', { params: { path: { id } }, body: patch as never }));
    queryClient.setQueryData(mandatKey(id), m);
    void queryClient.invalidateQueries({ queryKey: ['mandats'] });
    notifications.show({ color: 'teal', message: t('states.saved') });
    return m;
  };
}

const DATE_FORMAT = 'DD/MM/YYYY';

/** The mandate's fields, each edited in place. */
export function MandatInfoTab({ mandat, writer }: { mandat: Mandat; writer: boolean }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName, userOptions } = useDirectory();
  const { teamName } = useTeams();
  const orgName = useOrganisationNames([mandat.organisationId]);
  const save = usePatchMandat(mandat.id);

  const contacts = useQuery({
    queryKey: ['organisations', mandat.organisationId, 'people', 'options'],
    queryFn: async ({ signal }) =>
      data(
        await api.GET('/api/v1/organisations/{id}/people', {
          params: { path: { id: mandat.organisationId }, query: { limit: 200, sort: 'lastName' } },
          signal,
        }),
      ).items.map((p) => ({ value: p.id, label: `${p.firstName} ${p.lastName}`.trim() })),
  });
  const contactOptions = contacts.data ?? [];
  const contactLabel = (id: string | null) => (id ? (contactOptions.find((o) => o.value === id)?.label ?? '…') : '—');

  const date = ({ value, onChange, inputProps }: EditorProps<string | null>) => (
    <DatePickerInput value={value} onChange={onChange} valueFormat={DATE_FORMAT} clearable {...inputProps} />
  );
  const blank = (v: string | null) => (v === null || v.trim() === '' ? null : v.trim());

  const section = (title: string, children: ReactNode) => (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        {children}
      </SimpleGrid>
    </Card>
  );

  return (
    <Stack>
      {section(
        t('info.deal'),
        <>
          <InlineField
            label={t('fields.title')}
            display={mandat.title}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.title as string | null, render: inlineText() }}
            onSave={(v) => save({ title: v ?? '' })}
          />
          <InlineField
            label={t('fields.organisation')}
            display={
              <Anchor component={Link} to={`/organisations/${mandat.organisationId}`} size="sm">
                {orgName(mandat.organisationId)}
              </Anchor>
            }
            canEdit={false}
          />
          <InlineField
            label={t('fields.kind')}
            display={tc(`enums.mandatKind.${mandat.kind}`)}
            canEdit={writer}
            editor={{
              kind: 'custom',
              value: mandat.kind as string | null,
              render: inlineSelect(
                MANDAT_KINDS.map((k) => ({ value: k, label: tc(`enums.mandatKind.${k}`) })),
                false,
              ),
            }}
            onSave={(v) => save({ kind: v })}
          />
          <InlineField
            label={t('fields.owner')}
            display={userName(mandat.ownerId)}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.ownerId, render: inlineSelect(userOptions, false) }}
            onSave={(v) => save({ ownerId: v })}
          />
          <InlineField
            label={t('fields.amount')}
            display={mandat.amount ? fmt.money(mandat.amount, mandat.currency) : null}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.amount, render: inlineNumber({ min: 0, decimals: 2 }) }}
            onSave={(v) => save({ amount: v })}
          />
          <InlineField
            label={t('fields.currency')}
            display={mandat.currency}
            canEdit={writer}
            editor={{
              kind: 'custom',
              value: mandat.currency as string | null,
              render: inlineSelect(
                [...new Set([...CURRENCIES, mandat.currency])].map((c) => ({ value: c, label: c })),
                false,
              ),
            }}
            onSave={(v) => save({ currency: v })}
          />
          <InlineField
            label={t('fields.probability')}
            display={fmt.percent(mandat.probability)}
            canEdit={writer}
            editor={{
              kind: 'custom',
              value: String(mandat.probability) as string | null,
              render: inlineNumber({ min: 0, max: 100, suffix: ' %' }),
            }}
            onSave={(v) => save({ probability: v === null ? 0 : Number(v) })}
          />
          <InlineField
            label={t('fields.expectedCloseDate')}
            display={mandat.expectedCloseDate ? fmt.date(mandat.expectedCloseDate) : null}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.expectedCloseDate, render: date }}
            onSave={(v) => save({ expectedCloseDate: v || null })}
          />
          <InlineField
            label={t('fields.primaryContact')}
            display={mandat.primaryContactId ? contactLabel(mandat.primaryContactId) : null}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.primaryContactId, render: inlineSelect(contactOptions) }}
            onSave={(v) => save({ primaryContactId: v })}
            hint={contacts.isSuccess && contactOptions.length === 0 ? t('info.noContacts') : undefined}
          />
          <InlineField
            label={t('fields.source')}
            display={mandat.source ? tc(`enums.source.${mandat.source}`) : null}
            canEdit={writer}
            editor={{
              kind: 'custom',
              value: mandat.source as string | null,
              render: inlineSelect(SOURCES.map((s) => ({ value: s, label: tc(`enums.source.${s}`) }))),
            }}
            onSave={(v) => save({ source: v })}
          />
          {mandat.stage === 'perdu' && (
            <InlineField
              label={t('fields.lostReason')}
              display={mandat.lostReason}
              canEdit={writer}
              editor={{ kind: 'custom', value: mandat.lostReason, render: inlineText({ multiline: true }) }}
              onSave={(v) => save({ lostReason: blank(v) })}
            />
          )}
        </>,
      )}
      {section(
        t('info.contract'),
        <>
          <InlineField
            label={t('fields.mandateNumber')}
            display={mandat.mandateNumber}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.mandateNumber, render: inlineText() }}
            onSave={(v) => save({ mandateNumber: blank(v) })}
          />
          <InlineField
            label={t('fields.commissionRate')}
            display={mandat.commissionRate ? `${fmt.number(mandat.commissionRate, 3)} %` : null}
            canEdit={writer}
            editor={{
              kind: 'custom',
              value: mandat.commissionRate,
              render: inlineNumber({ min: 0, max: 100, decimals: 3, suffix: ' %' }),
            }}
            onSave={(v) => save({ commissionRate: v })}
          />
          <InlineField
            label={t('fields.signedAt')}
            display={mandat.signedAt ? fmt.date(mandat.signedAt) : null}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.signedAt, render: date }}
            onSave={(v) => save({ signedAt: v || null })}
          />
          <InlineField
            label={t('fields.contractStatus')}
            display={
              mandat.contractStatus ? (
                <Badge variant="light">{tc(`enums.contractStatus.${mandat.contractStatus}`)}</Badge>
              ) : null
            }
            canEdit={false}
            hint={mandat.kind === 'distribution' ? t('info.contractHint') : undefined}
          />
          <InlineField
            label={t('fields.startDate')}
            display={mandat.startDate ? fmt.date(mandat.startDate) : null}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.startDate, render: date }}
            onSave={(v) => save({ startDate: v || null })}
          />
          <InlineField
            label={t('fields.endDate')}
            display={mandat.endDate ? fmt.date(mandat.endDate) : null}
            canEdit={writer}
            editor={{ kind: 'custom', value: mandat.endDate, render: date }}
            onSave={(v) => save({ endDate: v || null })}
          />
        </>,
      )}
      {section(
        t('info.tracking'),
        <>
          <InlineField
            label={t('fields.team')}
            display={mandat.teamId ? teamName(mandat.teamId) : null}
            canEdit={false}
          />
          <InlineField
            label={t('fields.closedAt')}
            display={mandat.closedAt ? fmt.date(mandat.closedAt) : null}
            canEdit={false}
          />
          <InlineField label={t('fields.createdAt')} display={fmt.dateTime(mandat.createdAt)} canEdit={false} />
          <InlineField label={t('fields.updatedAt')} display={fmt.dateTime(mandat.updatedAt)} canEdit={false} />
        </>,
      )}
    </Stack>
  );
}
