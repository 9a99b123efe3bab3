import { Alert, Anchor, Badge, Button, Card, Group, Menu, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconEdit, IconThumbDown } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { mayModify, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { mandatKeys } from '../../app/query-keys.ts';
import { CreateTaskButton, LogInteractionButton } from '../../records/index.ts';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { MandatFormModal } from '../../records/MandatFormModal.tsx';
import type { Mandat } from '../../records/mandat.ts';
import { useOrganisationNames } from '../../records/organisation-names.ts';
import { activitySlots, RecordLoad, RecordPage } from '../../records/RecordPage.tsx';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import { LostReasonModal } from './LostReasonModal.tsx';
import type { LostReasonInput } from './lost-reason.ts';
import { MandatInfoTab } from './MandatInfoTab.tsx';
import { MandatProduitsTab } from './MandatProduitsTab.tsx';
import { StageBadge } from './MandatsList.tsx';
import { useMandat } from './queries.ts';
import { StageHistoryTab } from './StageHistoryTab.tsx';
import { StageStepper } from './StageStepper.tsx';
import { MANDAT_STAGES, type Stage } from './stages.ts';

/** `/mandats/:id`: the mandate, its pipeline stage, funds, history and activity. */
export default function MandatDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('mandats');
  return (
    <RecordLoad query={useMandat(id)} back={{ to: '/mandats', label: t('detail.back') }}>
      {(mandat) => <MandatDetail mandat={mandat} />}
    </RecordLoad>
  );
}

/** Moves the mandate to another stage; "lost" first asks why (the modal shows the refusal, the toast any other). */
function useStageMove(mandat: Mandat) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [askLost, setAskLost] = useState(false);
  const move = useMutation({
    mutationFn: async (v: { to: Stage; lost?: LostReasonInput }) =>
      data(
        await api.POST('/api/v1/mandats/{id}/stage', {
          params: { path: { id: mandat.id } },
          body: { stage: v.to, ...v.lost },
        }),
      ),
    onSuccess: (m) => {
      setAskLost(false);
      queryClient.setQueryData(mandatKeys.record(m.id), m);
      void queryClient.invalidateQueries({ queryKey: mandatKeys.all });
      notifications.show({
        color: 'teal',
        message: t('board.moved', { title: m.title, stage: tc(`enums.stage.${m.stage}`) }),
      });
    },
    onError: (e) => {
      if (!askLost) notifications.show({ color: 'red', title: tc('errors.title'), message: problemMessage(e) });
    },
  });
  const request = (to: Stage) => {
    if (to === mandat.stage) return;
    if (to === 'perdu') {
      move.reset();
      setAskLost(true);
    } else move.mutate({ to });
  };
  return { move, request, askLost, cancelLost: () => setAskLost(false) };
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

function MandatDetail({ mandat }: { mandat: Mandat }) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const writer = mayModify(useCurrentUser(), mandat);
  const { userName } = useDirectory();
  const orgName = useOrganisationNames([mandat.organisationId]);
  const [editOpen, edit] = useDisclosure();
  const stage = useStageMove(mandat);
  const lifecycle = useRecordLifecycle('mandats', mandat.id, {
    confirmTitle: t('detail.deleteTitle'),
    confirmBody: t('detail.deleteConfirm', { title: mandat.title }),
    deleted: t('detail.deleted'),
    restored: t('detail.restored'),
  });
  const links = { mandatId: mandat.id, organisationId: mandat.organisationId };

  return (
    <RecordPage
      back={{ to: '/mandats', label: t('detail.back') }}
      title={mandat.title}
      badges={
        <>
          <StageBadge stage={mandat.stage} />
          <Badge variant="default">{tc(`enums.mandatKind.${mandat.kind}`)}</Badge>
          {mandat.contractStatus && (
            <Badge variant="light" color="grape">
              {tc(`enums.contractStatus.${mandat.contractStatus}`)}
            </Badge>
          )}
        </>
      }
      subtitle={
        <Anchor component={Link} to={`/organisations/${mandat.organisationId}`} size="sm" w="fit-content">
          <Group gap={4} component="span" wrap="nowrap">
            <IconBuilding size={14} aria-hidden />
            {orgName(mandat.organisationId)}
          </Group>
        </Anchor>
      }
      actions={
        writer && (
          <>
            <LogInteractionButton links={links} variant="default" label={t('detail.logInteraction')} />
            <CreateTaskButton links={links} variant="default" label={t('detail.newTask')} />
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={edit.open}>
              {tc('actions.edit')}
            </Button>
          </>
        )
      }
      menu={
        writer
          ? {
              label: t('detail.actions'),
              items: (
                <>
                  <Menu.Label>{t('detail.moveStage')}</Menu.Label>
                  {MANDAT_STAGES.filter((s) => s !== mandat.stage).map((s) => (
                    <Menu.Item
                      key={s}
                      onClick={() => stage.request(s)}
                      leftSection={s === 'perdu' ? <IconThumbDown size={14} /> : undefined}
                    >
                      {tc(`enums.stage.${s}`)}
                    </Menu.Item>
                  ))}
                </>
              ),
              lifecycle,
            }
          : undefined
      }
      summary={
        <Stack gap="md">
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
            <StageStepper mandat={mandat} onMove={writer ? stage.request : undefined} busy={stage.move.isPending} />
            {mandat.stage === 'perdu' && (mandat.lostReasonCode || mandat.lostReason) && (
              <Alert
                color="red"
                variant="light"
                mt="sm"
                icon={<IconThumbDown size={16} />}
                title={
                  mandat.lostReasonCode
                    ? t('detail.lostBecause', { reason: tc(`enums.lostReason.${mandat.lostReasonCode}`) })
                    : undefined
                }
                data-testid="lost-reason"
              >
                {mandat.lostReason}
              </Alert>
            )}
          </Card>
        </Stack>
      }
      tabs={[
        {
          value: 'info',
          label: t('detail.tabs.info'),
          render: () => <MandatInfoTab mandat={mandat} writer={writer} />,
        },
        {
          value: 'produits',
          label: t('detail.tabs.produits'),
          render: () => <MandatProduitsTab mandat={mandat} writer={writer} />,
        },
        { value: 'history', label: t('detail.tabs.history'), render: () => <StageHistoryTab mandatId={mandat.id} /> },
      ]}
      tabsLabel={t('detail.tabs.label')}
      {...activitySlots('mandat', mandat.id)}
    >
      <MandatFormModal opened={editOpen} onClose={edit.close} mandat={mandat} />
      <LostReasonModal
        title={stage.askLost ? mandat.title : null}
        onCancel={stage.cancelLost}
        onConfirm={(lost) => stage.move.mutate({ to: 'perdu', lost })}
        loading={stage.move.isPending}
        error={stage.askLost ? stage.move.error : null}
      />
    </RecordPage>
  );
}
