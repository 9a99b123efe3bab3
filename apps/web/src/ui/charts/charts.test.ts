import { describe, expect, it } from 'vitest';
import {
  barChart,
  comboChart,
  funnelChart,
  heatmapChart,
  lineChart,
  mapChart,
  pieChart,
  sankeyChart,
  treemapChart,
} from './builders.ts';
import { chartCsv, chartFileName } from './csv.ts';
import type { ChartTheme } from './types.ts';

const theme: ChartTheme = {
  dark: false,
  palette: ['#111', '#222'],
  text: '#000',
  dimmed: '#666',
  border: '#ddd',
  background: '#fff',
  fontFamily: 'sans-serif',
  scale: ['#eef', '#00f'],
};

describe('chart builders', () => {
  it('draws a map by area code, names it for people, and asks for the map to be registered', () => {
    const map = mapChart({
      map: 'france-regions',
      nameLabel: 'Région',
      valueLabel: 'Montant',
      areas: [
        { code: '11', name: 'Île-de-France', value: 300 },
        { code: '01', name: 'Guadeloupe', value: 0 },
      ],
    });
    expect(map.maps).toEqual(['france-regions']);
    expect(map.table.rows).toEqual([
      ['Île-de-France', 300],
      ['Guadeloupe', 0],
    ]);
    const series = (map.option(theme).series as { type: string; map: string; data: unknown[] }[])[0];
    expect(series).toMatchObject({
      type: 'map',
      map: 'france-regions',
      data: [
        { name: '11', value: 300 },
        { name: '01', value: 0 },
      ],
    });
    expect(
      mapChart({ map: 'france-regions', nameLabel: 'R', valueLabel: 'M', areas: [{ code: '11', name: 'x', value: 0 }] })
        .empty,
    ).toBe(true);
  });

  it('puts a combo’s lines on the bars’ axis when they measure the same thing, and stacks its bars when asked', () => {
    const combo = comboChart({
      categoryLabel: 'Mois',
      categories: ['janv.', 'févr.'],
      bars: [
        { name: 'Gagné', data: [1, 2] },
        { name: 'Pondéré', data: [3, 4] },
      ],
      lines: [{ name: 'Objectif', data: [5, null] }],
      sameAxis: true,
      stackBars: true,
    });
    const option = combo.option(theme);
    expect(Array.isArray(option.yAxis)).toBe(false);
    const series = option.series as { type: string; stack?: string; yAxisIndex?: number }[];
    expect(series.map((s) => [s.type, s.stack, s.yAxisIndex])).toEqual([
      ['bar', 'bars', undefined],
      ['bar', 'bars', undefined],
      ['line', undefined, 0],
    ]);
    expect(combo.table.columns).toEqual(['Mois', 'Gagné', 'Pondéré', 'Objectif']);
  });

  const line = lineChart({
    categoryLabel: 'Jour',
    categories: ['2026-12-01', '2026-12-02'],
    series: [
      { name: 'Pages vues', data: [3, 5] },
      { name: 'Utilisateurs', data: [1, null] },
    ],
  });

  it('gives the same figures as a table, one row per category, one column per series', () => {
    expect(line.table).toEqual({
      columns: ['Jour', 'Pages vues', 'Utilisateurs'],
      rows: [
        ['2026-12-01', 3, 1],
        ['2026-12-02', 5, null],
      ],
    });
    expect(line.empty).toBe(false);
  });

  it('draws with the theme: palette, text colour, a legend only for several series', () => {
    const option = line.option(theme);
    expect(option.color).toEqual(['#111', '#222']);
    expect(option.textStyle).toMatchObject({ color: '#000' });
    expect(option.legend).toMatchObject({ show: true });
    expect(option.series).toHaveLength(2);
    const single = lineChart({ categoryLabel: 'Jour', categories: ['a'], series: [{ name: 'x', data: [1] }] });
    expect(single.option(theme).legend).toMatchObject({ show: false });
  });

  it('stacks and fills a stacked area', () => {
    const area = lineChart({
      categoryLabel: 'J',
      categories: ['a'],
      series: [{ name: 'x', data: [1] }],
      stacked: true,
    });
    expect((area.option(theme).series as object[])[0]).toMatchObject({ stack: 'total', areaStyle: { opacity: 0.25 } });
  });

  it('is empty without categories, or bars without any value', () => {
    expect(lineChart({ categoryLabel: 'J', categories: [], series: [] }).empty).toBe(true);
    expect(barChart({ categoryLabel: 'J', categories: ['a'], series: [{ name: 'x', data: [0] }] }).empty).toBe(true);
  });

  it('lays horizontal bars with the categories on the vertical axis, first on top', () => {
    const bars = barChart({
      categoryLabel: 'Page',
      categories: ['/a', '/b'],
      series: [{ name: 'Vues', data: [4, 2] }],
      horizontal: true,
    });
    const option = bars.option(theme);
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['/a', '/b'], inverse: true });
    expect(option.xAxis).toMatchObject({ type: 'value' });
  });

  it('gives a funnel its share of the first step, in the table and empty when nobody started', () => {
    const funnel = funnelChart({
      stepLabel: 'Étape',
      valueLabel: 'Utilisateurs',
      shareLabel: '% de la première',
      steps: [
        { name: 'Vue', value: 3 },
        { name: 'Contact créé', value: 2 },
      ],
    });
    expect(funnel.table.rows).toEqual([
      ['Vue', 3, 100],
      ['Contact créé', 2, 66.67],
    ]);
    expect((funnel.option(theme).series as object[])[0]).toMatchObject({ type: 'funnel', sort: 'none' });
    expect(funnelChart({ stepLabel: '', valueLabel: '', shareLabel: '', steps: [{ name: 'a', value: 0 }] }).empty).toBe(
      true,
    );
  });

  it('leaves null cells out of a heatmap but keeps them in the table', () => {
    const heat = heatmapChart({
      xLabel: 'Semaine',
      yLabel: 'Cohorte',
      valueLabel: '%',
      xCategories: ['S0', 'S1'],
      yCategories: ['2026-11-30'],
      cells: [
        [0, 0, 100],
        [1, 0, null],
      ],
    });
    expect(heat.table.rows).toEqual([
      ['2026-11-30', 'S0', 100],
      ['2026-11-30', 'S1', null],
    ]);
    expect((heat.option(theme).series as { data: unknown[] }[])[0]?.data).toEqual([[0, 0, 100]]);
  });

  it('names every node of a sankey once and flattens a treemap with its path', () => {
    const flows = sankeyChart({
      sourceLabel: 'De',
      targetLabel: 'Vers',
      valueLabel: 'Mandats',
      links: [
        { source: 'Prospect', target: 'Négociation', value: 3 },
        { source: 'Négociation', target: 'Gagné', value: 1 },
      ],
    });
    expect((flows.option(theme).series as { data: unknown[] }[])[0]?.data).toEqual([
      { name: 'Prospect' },
      { name: 'Négociation' },
      { name: 'Gagné' },
    ]);
    const tree = treemapChart({
      nameLabel: 'Fonds',
      valueLabel: 'Encours',
      items: [{ name: 'Actions', value: 5, children: [{ name: 'Part A', value: 5 }] }],
    });
    expect(tree.table.rows).toEqual([
      ['Actions', 5],
      ['Actions › Part A', 5],
    ]);
  });

  it('makes a donut with a hole', () => {
    const donut = pieChart({ nameLabel: 'Source', valueLabel: 'N', items: [{ name: 'a', value: 1 }], donut: true });
    expect((donut.option(theme).series as object[])[0]).toMatchObject({ type: 'pie', radius: ['45%', '72%'] });
  });
});

describe('chart CSV', () => {
  it('writes RFC 4180 with a BOM: quotes, commas, empty nulls, numbers as numbers', () => {
    const csv = chartCsv({
      columns: ['Page', 'Vues'],
      rows: [
        ['/people, "tous"', 12.5],
        ['/tasks', null],
      ],
    });
    expect(csv).toBe('\uFEFFPage,Vues\r\n"/people, ""tous""",12.5\r\n/tasks,\r\n');
  });

  it('defuses spreadsheet formulas', () => {
    expect(chartCsv({ columns: ['x'], rows: [['=HYPERLINK("a")'], ['-1']] })).toBe(
      '\uFEFFx\r\n"\'=HYPERLINK(""a"")"\r\n\'-1\r\n',
    );
  });

  it('names files after the title, without accents', () => {
    expect(chartFileName('Pages vues et sessions — été', 'png', new Date('2026-12-07T10:00:00Z'))).toBe(
      'pages-vues-et-sessions-ete-2026-12-07.png',
    );
  });
});
