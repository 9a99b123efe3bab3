import type { MandatStage } from '@crm/contracts';

/** One colour per mandate stage, the same on every page (board, lists, badges, organisation and contact tabs). */
export const STAGE_COLOR: Record<MandatStage, string> = {
  lead: 'gray',
  rdv: 'blue',
  pitch: 'cyan',
  due_diligence: 'violet',
  negociation: 'grape',
  gagne: 'teal',
  perdu: 'red',
};
