import type { INTERACTION_TYPES } from '@crm/contracts';
import {
  IconArrowRight,
  IconChecklist,
  IconHistory,
  IconMail,
  IconMessage,
  IconNote,
  IconPhone,
  IconPresentation,
  IconUsers,
  IconVideo,
} from '@tabler/icons-react';

export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** One icon per interaction type, used by the timeline and the log form. */
export const INTERACTION_ICON: Record<InteractionType, typeof IconPhone> = {
  appel: IconPhone,
  email: IconMail,
  reunion: IconUsers,
  visio: IconVideo,
  pitch: IconPresentation,
  note: IconNote,
  autre: IconMessage,
};

export const INTERACTION_COLOR: Record<InteractionType, string> = {
  appel: 'teal',
  email: 'blue',
  reunion: 'grape',
  visio: 'indigo',
  pitch: 'orange',
  note: 'yellow',
  autre: 'gray',
};

export const KIND_ICON = {
  note: IconNote,
  task: IconChecklist,
  stage_change: IconArrowRight,
  change: IconHistory,
  email: IconMail,
} as const;
