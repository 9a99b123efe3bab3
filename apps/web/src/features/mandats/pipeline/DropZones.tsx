import { useDroppable } from '@dnd-kit/core';
import { Group, Paper } from '@mantine/core';
import { IconThumbDown, IconTrophy } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { STAGE_COLOR } from '../../../app/stage-colors.ts';
import type { Mandat } from '../../../records/mandat.ts';
import { useOrganisationNames } from '../../../records/organisation-names.ts';
import { MandatCardView } from '../MandatCard.tsx';

/** While dragging: "won" and "lost" drop zones fixed at the bottom of the screen, reachable from any column. */
export function CloseDropZones() {
  return (
    <Group
      gap="md"
      wrap="nowrap"
      style={{ position: 'fixed', left: '50%', bottom: 24, transform: 'translateX(-50%)', zIndex: 300 }}
    >
      <DropZone stage="gagne" icon={<IconTrophy size={20} aria-hidden />} />
      <DropZone stage="perdu" icon={<IconThumbDown size={20} aria-hidden />} />
    </Group>
  );
}

function DropZone({ stage, icon }: { stage: 'gagne' | 'perdu'; icon: ReactNode }) {
  const { t: tc } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `zone-${stage}`, data: { stage, zone: true } });
  const color = STAGE_COLOR[stage];
  return (
    <Paper
      ref={setNodeRef}
      data-testid={`drop-${stage}`}
      shadow="lg"
      radius="md"
      withBorder
      w="min(42vw, 200px)"
      h={72}
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 8,
        fontWeight: 700,
        color: isOver ? 'var(--mantine-color-white)' : `var(--mantine-color-${color}-light-color)`,
        background: isOver ? `var(--mantine-color-${color}-9)` : 'var(--mantine-color-body)',
        border: `2px dashed var(--mantine-color-${color}-filled)`,
      }}
    >
      {icon}
      {tc(`enums.stage.${stage}`)}
    </Paper>
  );
}

/** The card under the pointer while it is dragged. */
export function OverlayCard({ mandat }: { mandat: Mandat }) {
  const orgName = useOrganisationNames([mandat.organisationId]);
  return (
    <MandatCardView
      mandat={mandat}
      organisationName={orgName(mandat.organisationId)}
      writer
      onMove={() => {}}
      overlay
    />
  );
}
