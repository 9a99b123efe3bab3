/** What a test sees of an error thrown by the app: Zapier's error classes JSON-encode their details in `message`. */
export interface ZapierErrorInfo {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number | null;
}

export async function zapierError(run: Promise<unknown>): Promise<ZapierErrorInfo> {
  try {
    await run;
  } catch (err) {
    const e = err as Error;
    try {
      const parsed = JSON.parse(e.message) as Omit<ZapierErrorInfo, 'name'>;
      return { ...parsed, name: e.name };
    } catch {
      return { name: e.name, message: e.message };
    }
  }
  throw new Error('expected the step to fail, it succeeded');
}
