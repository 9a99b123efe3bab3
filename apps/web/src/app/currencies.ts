/** Currencies offered in pickers (mandate amounts, fund currencies; the API takes any ISO 4217 code). */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'JPY'] as const;
