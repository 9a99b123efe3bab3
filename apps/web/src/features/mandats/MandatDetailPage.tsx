import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Progress,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconBuilding, IconDots, IconEdit, IconThumbDown, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { mayModify, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { CreateTaskButton, EntityTasks, LogInteractionButton, NotesAndFiles, Timeline } from '../../records/index.ts';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { MandatFormModal } from '../../records/MandatFormModal.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { LostReasonModal } from './LostReasonModal.tsx';
import { MandatInfoTab } from './MandatInfoTab.tsx';
import { MandatProduitsTab } from './MandatProduitsTab.tsx';
import { StageBadge } from './MandatsList.tsx';
import { MANDAT_STAGES, type Mandat, mandatKey, type Stage, useMandat, useOrganisationNames } from './model.ts';
import { StageHistoryTab } from './StageHistoryTab.tsx';
import { StageStepper } from './StageStepper.tsx';

const TABS = ['info', 'produits', 'history', 'timeline', 'tasks', 'notes'] as const;
type Tab = (typeof TABS)[number];

/** `/mandats/:id`: the mandate, its pipeline stage, funds, history and activity. */
export default function MandatDetailPage() {
  const { id = '' } = useParams();
  const mandat = useMandat(id);
  if (mandat.isPending) return <PageSkeleton />;
  if (mandat.isError) {
    return (
      <Stack>
        <BackLink />
        <ProblemAlert error={mandat.error} />
      </Stack>
    );
  }
  return <MandatDetail mandat={mandat.data} />;
}

function BackLink() {
  const { t } = useTranslation('mandats');
  return (
    <Anchor component={Link} to="/mandats" size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t('detail.back')}
      </Group>
    </Anchor>
  );
}

function MandatDetail({ mandat }: { mandat: Mandat }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const writer = mayModify(user, mandat);
  const { userName } = useDirectory();
  const orgName = useOrganisationNames([mandat.organisationId]);
  const queryClient = useQueryClient();
  const _navigate = useNavigate();
  const [params, setParams] = useUrlParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'info';
  const [editOpen, edit] = useDisclosure();
  const [askLost, setAskLost] = useState(false);

  const move = useMutation({
    mutationFn: async (v: { to: Stage; lostReason?: string }) =>
      data(
        await api.POST('/api/v1/mandats/{id}/stage', {
          params: { path: { id: mandat.id } },
          body: { stage: v.to, ...(v.lostReason ? { lostReason: v.lostReason } : {}) },
        }),
      ),
    onSuccess: (m) => {
      setAskLost(false);
      queryClient.setQueryData(mandatKey(m.id), m);
      void queryClient.invalidateQueries({ queryKey: ['mandats'] });
      notifications.show({
        color: 'teal',
        message: t('board.moved', { title: m.title, stage: tc(`enums.stage.${m.stage}`) }),
      });
    },
    onError: (e) => {
      if (!askLost) notifications.show({ color: 'red', title: tc('errors.title'), message: problemMessage(e) });
    },
  });
  const requestMove = (to: Stage) => {
    if (to === mandat.stage) return;
    if (to === 'perdu') {
      move.reset();
      setAskLost(true);
    } else move.mutate({ to });
  };

  const { restore, confirmDelete } = useRecordLifecycle('mandats', mandat.id, {
    confirmTitle: t('detail.deleteTitle'),
    confirmBody: t('detail.deleteConfirm', { title: mandat.title }),
    deleted: t('detail.deleted'),
    restored: t('detail.restored'),
  });

  const setTab = (v: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (!v || v === 'info') next.delete('tab');
        else next.set('tab', v);
        return next;
      },
      { replace: true },
    );

  const links = { mandatId: mandat.id, organisationId: mandat.organisationId };

  return (
    <Stack gap="md">
      <BackLink />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={6} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Group gap="xs" wrap="wrap">
            <StageBadge stage={mandat.stage} />
            <Badge variant="default">{tc(`enums.mandatKind.${mandat.kind}`)}</Badge>
            {mandat.contractStatus && (
              <Badge variant="light" color="grape">
                {tc(`enums.contractStatus.${mandat.contractStatus}`)}
              </Badge>
            )}
          </Group>
          <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
            {mandat.title}
          </Title>
          <Anchor component={Link} to={`/organisations/${mandat.organisationId}`} size="sm">
            <Group gap={4} component="span" wrap="nowrap">
              <IconBuilding size={14} aria-hidden />
              {orgName(mandat.organisationId)}
            </Group>
          </Anchor>
        </Stack>
        {writer && (
          <Group gap="xs" wrap="wrap">
            <LogInteractionButton links={links} variant="default" label={t('detail.logInteraction')} />
            <CreateTaskButton links={links} variant="default" label={t('detail.newTask')} />
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={edit.open}>
              {tc('actions.edit')}
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={t('detail.actions')}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('detail.moveStage')}</Menu.Label>
                {MANDAT_STAGES.filter((s) => s !== mandat.stage).map((s) => (
                  <Menu.Item
                    key={s}
                    onClick={() => requestMove(s)}
                    leftSection={s === 'perdu' ? <IconThumbDown size={14} /> : undefined}
                  >
                    {tc(`enums.stage.${s}`)}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={confirmDelete}>
                  {tc('actions.delete')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Fact label={t('fields.amount')} value={mandat.amount ? fmt.money(mandat.amount, mandat.currency) : '—'} />
        <Card withBorder padding="sm">
          <Text size="xs" c="dimmed" fw={500}>
            {t('fields.probability')}
          </Text>
          <Text fw={700} size="lg">
            {fmt.percent(mandat.probability)}
          </Text>
          <Progress value={mandat.probability} size="sm" mt={4} aria-label={t('fields.probability')} />
        </Card>
        <Fact label={t('fields.expectedCloseDate')} value={fmt.date(mandat.expectedCloseDate)} />
        <Fact label={t('fields.owner')} value={userName(mandat.ownerId)} />
      </SimpleGrid>

      <Card withBorder padding="sm">
        <StageStepper mandat={mandat} onMove={writer ? requestMove : undefined} busy={move.isPending} />
        {mandat.stage === 'perdu' && mandat.lostReason && (
          <Alert color="red" variant="light" mt="sm" icon={<IconThumbDown size={16} />}>
            {t('detail.lostBecause', { reason: mandat.lostReason })}
          </Alert>
        )}
      </Card>

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List aria-label={t('detail.tabs.label')} className="scroll-x" style={{ flexWrap: 'nowrap' }}>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`detail.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="info" pt="md">
          <MandatInfoTab mandat={mandat} writer={writer} />
        </Tabs.Panel>
        <Tabs.Panel value="produits" pt="md">
          <MandatProduitsTab mandat={mandat} writer={writer} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <StageHistoryTab mandatId={mandat.id} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <Timeline entity="mandat" id={mandat.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <EntityTasks entity="mandat" id={mandat.id} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesAndFiles entity="mandat" id={mandat.id} />
        </Tabs.Panel>
      </Tabs>

      <MandatFormModal opened={editOpen} onClose={edit.close} mandat={mandat} />
      <LostReasonModal
        title={askLost ? mandat.title : null}
        onCancel={() => setAskLost(false)}
        onConfirm={(lostReason) => move.mutate({ to: 'perdu', lostReason })}
        loading={move.isPending}
        error={askLost ? move.error : null}
      />
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text fw={700} size="lg" truncate>
        {value}
      </Text>
    </Card>
  );
}
