// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { tabsFor } from './CampaignsLayout.tsx';

describe('tabsFor', () => {
  it('shows the suppression list to managers and administrators only, as the API allows', () => {
    const keys = (role: 'admin' | 'manager' | 'user' | 'viewer') => tabsFor({ role }).map((t) => t.key);
    expect(keys('admin')).toEqual(['campaigns', 'templates', 'suppressions']);
    expect(keys('manager')).toEqual(['campaigns', 'templates', 'suppressions']);
    expect(keys('user')).toEqual(['campaigns', 'templates']);
    expect(keys('viewer')).toEqual(['campaigns', 'templates']);
  });
});
