import { ActionIcon, Anchor, Badge, Box, Button, Card, Group, Menu, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconCopy, IconDots, IconPencil, IconSearch, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canWrite, useCurrentUser, useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useUrlParams } from '../../app/search-params.ts';
import { RelativeTime } from '../../records/RelativeTime.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SearchField } from '../../ui/SearchField.tsx';
import { type SimpleColumn, SimpleTable } from '../../ui/SimpleTable.tsx';
import { matchesSearch } from './draft.ts';
import { type EmailTemplate, templatesQuery } from './queries.ts';
import { SectionList } from './SectionList.tsx';
import { templatePath, useTemplateActions } from './useTemplateActions.tsx';

const NEW = templatePath('new');

/**
 * `/campaigns/templates?q=`: the firm's e-mail templates, last changed first, searched by name; create, duplicate,
 * delete. Viewers read them (and their previews); a sales person changes their own only (`useMayModify`).
 */
export default function TemplatesPage() {
  const { t } = useTranslation('campaigns');
  const writer = canWrite(useCurrentUser());
  const templates = useQuery(templatesQuery);
  const [params, setParams] = useUrlParams();
  const q = params.get('q') ?? '';
  const setQ = (value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('q', value);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );

  const all = templates.data ?? [];
  const shown = all.filter((x) => matchesSearch(x.name, q));
  const none = templates.isSuccess && all.length === 0;

  return (
    <SectionList
      titleId="templates-title"
      countTestId="templates-count"
      texts={{
        title: t('list.title'),
        count: t('list.count', { count: all.length }),
        create: t('list.create'),
        emptyTitle: t('list.emptyTitle'),
        emptyHint: writer ? t('list.emptyHint') : t('list.emptyHintReader'),
        emptyAction: t('list.emptyAction'),
      }}
      newPath={NEW}
      writer={writer}
      none={none}
      loaded={templates.isSuccess}
      error={templates.error}
    >
      <SearchField
        label={t('list.search')}
        clearLabel={t('list.clearSearch')}
        placeholder={t('list.searchPlaceholder')}
        value={q}
        onChange={setQ}
        maw={{ base: '100%', sm: 360 }}
      />
      <TemplatesTable
        rows={templates.isPending ? undefined : shown}
        pending={templates.isPending}
        q={q}
        onClear={() => setQ('')}
      />
    </SectionList>
  );
}

function TemplatesTable({
  rows,
  pending,
  q,
  onClear,
}: {
  rows: EmailTemplate[] | undefined;
  pending: boolean;
  q: string;
  onClear: () => void;
}) {
  const { t } = useTranslation('campaigns');
  const writer = canWrite(useCurrentUser());
  const { userName } = useDirectory();
  const empty = (
    <EmptyState
      icon={<IconSearch size={26} />}
      title={t('list.noMatch', { q })}
      action={
        <Button variant="default" onClick={onClear}>
          {t('list.clearSearch')}
        </Button>
      }
    />
  );
  const columns: SimpleColumn<EmailTemplate>[] = [
    {
      key: 'name',
      header: t('list.columns.name'),
      render: (x) => (
        <Anchor component={Link} to={templatePath(x.id)} fw={500} size="sm">
          {x.name}
        </Anchor>
      ),
    },
    {
      key: 'subject',
      header: t('list.columns.subject'),
      render: (x) => (
        <Text size="sm" c="dimmed" lineClamp={1} maw={360}>
          {x.subject}
        </Text>
      ),
    },
    { key: 'locale', header: t('list.columns.locale'), render: (x) => <LocaleBadge locale={x.locale} /> },
    { key: 'owner', header: t('list.columns.owner'), nowrap: true, render: (x) => userName(x.ownerId) },
    {
      key: 'updatedAt',
      header: t('list.columns.updatedAt'),
      nowrap: true,
      render: (x) => <RelativeTime value={x.updatedAt} size="sm" />,
    },
    ...(writer
      ? [
          {
            key: 'actions',
            header: t('list.columns.actions'),
            hidden: true,
            width: 56,
            align: 'right' as const,
            render: (x: EmailTemplate) => <RowActions template={x} />,
          },
        ]
      : []),
  ];
  return (
    <>
      <Box visibleFrom="sm">
        <SimpleTable
          columns={columns}
          rows={rows}
          pending={pending}
          minWidth={760}
          rowTestId="template-row"
          labelledBy="templates-title"
          empty={empty}
        />
      </Box>
      {/* On a phone: one card a template, the name first. */}
      <Stack gap="xs" hiddenFrom="sm" data-testid="template-cards">
        {rows?.map((x) => (
          <Card key={x.id} withBorder padding="sm" component="article" aria-label={x.name}>
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <Stack gap={2} miw={0}>
                <Anchor component={Link} to={templatePath(x.id)} fw={600} size="sm">
                  {x.name}
                </Anchor>
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {x.subject}
                </Text>
              </Stack>
              {writer && <RowActions template={x} />}
            </Group>
            <Group gap="xs" mt={6} wrap="wrap">
              <LocaleBadge locale={x.locale} />
              <Text size="xs" c="dimmed">
                {userName(x.ownerId)}
              </Text>
              <RelativeTime value={x.updatedAt} />
            </Group>
          </Card>
        ))}
        {rows?.length === 0 && <Card withBorder>{empty}</Card>}
      </Stack>
    </>
  );
}

function LocaleBadge({ locale }: { locale: EmailTemplate['locale'] }) {
  const { t } = useTranslation('campaigns');
  return (
    <Badge variant="light" color={locale === 'fr' ? 'indigo' : 'grape'} title={t(`locales.${locale}`)}>
      <span aria-hidden>{t(`localeShort.${locale}`)}</span>
      <VisuallyHidden>{t(`locales.${locale}`)}</VisuallyHidden>
    </Badge>
  );
}

/** Open, duplicate (writers), delete (who may change it). */
function RowActions({ template }: { template: EmailTemplate }) {
  const { t } = useTranslation('campaigns');
  const mayModify = useMayModify();
  const { duplicate, confirmDelete } = useTemplateActions();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('list.actionsFor', { name: template.name })}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={templatePath(template.id)} leftSection={<IconPencil size={14} />}>
          {t('list.open')}
        </Menu.Item>
        <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => duplicate.mutate(template)}>
          {t('actions.duplicate')}
        </Menu.Item>
        {mayModify(template) && (
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => confirmDelete(template)}>
            {t('actions.delete')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
