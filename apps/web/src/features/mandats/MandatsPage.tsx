import { Button, Center, Group, SegmentedControl } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLayoutKanban, IconList, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useUrlParams } from '../../app/search-params';
import { MandatFormModal } from '../../records/MandatFormModal.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { MandatsList } from './MandatsList.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';

type Mode = 'board' | 'list';

/** `/mandats`: the pipeline as a board (default) or as a list; `?mode=` keeps the choice in the URL. */
export default function MandatsPage() {
  const { t } = useTranslation('mandats');
  const user = useCurrentUser();
  const writer = canWrite(user);
  const [params, setParams] = useUrlParams();
  const mode: Mode = params.get('mode') === 'list' ? 'list' : 'board';
  const [createOpen, create] = useDisclosure();

  const setMode = (m: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (m === 'list') next.set('mode', 'list');
        else next.delete('mode');
        return next;
      },
      { replace: false },
    );

  const newButton = writer && (
    <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
      {t('new')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Group gap="xs">
            <SegmentedControl
              aria-label={t('mode.label')}
              value={mode}
              onChange={setMode}
              data={[
                {
                  value: 'board',
                  label: (
                    <Center style={{ gap: 6 }}>
                      <IconLayoutKanban size={16} aria-hidden />
                      <span>{t('mode.board')}</span>
                    </Center>
                  ),
                },
                {
                  value: 'list',
                  label: (
                    <Center style={{ gap: 6 }}>
                      <IconList size={16} aria-hidden />
                      <span>{t('mode.list')}</span>
                    </Center>
                  ),
                },
              ]}
            />
            {mode === 'board' && newButton}
          </Group>
        }
      />
      {mode === 'board' ? (
        <PipelineBoard emptyAction={newButton || undefined} />
      ) : (
        <MandatsList
          actions={newButton || undefined}
          empty={{
            title: t('emptyTitle'),
            hint: t('emptyHint'),
            action: newButton || undefined,
          }}
        />
      )}
      <MandatFormModal opened={createOpen} onClose={create.close} />
    </>
  );
}
