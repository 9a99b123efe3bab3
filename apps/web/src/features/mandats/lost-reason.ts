import type { LostReasonCode } from '@crm/contracts';

/** What a move to « perdu » sends beside the stage (docs/DOMAIN.md, "Lost reasons"). */
export interface LostReasonInput {
  lostReasonCode: LostReasonCode;
  lostReason?: string;
}

/** What is still missing to mark a mandate lost: the reason, or the detail « Autre » needs; null when nothing. */
export function lostReasonMissing(code: LostReasonCode | null, detail: string): 'code' | 'detail' | null {
  if (!code) return 'code';
  if (code === 'autre' && !detail.trim()) return 'detail';
  return null;
}

/** The reason as the API takes it: the code, and the detail when one is written (trimmed). */
export function lostReasonBody(code: LostReasonCode, detail: string): LostReasonInput {
  const text = detail.trim();
  return text ? { lostReasonCode: code, lostReason: text } : { lostReasonCode: code };
}
