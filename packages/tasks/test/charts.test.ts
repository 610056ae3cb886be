import { ConfigError, ShapeError } from '@kornlp/core';
import { describe, expect, it } from 'vitest';
import {
  attentionSvg,
  confusionMatrix,
  confusionMatrixSvg,
  escapeXml,
  historyPanels,
  niceTicks,
  trainingCurvesSvg,
} from '../src/index.js';

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

// A small strict XML parser: balanced tags, quoted attributes, only the five predefined entities
// or numeric references, no raw `<`/`&` in text. Throws on anything else.
function parseXml(xml: string): Node {
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const checkText = (t: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(t)) throw new Error(`bad entity in ${t}`);
  };
  const re = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const top = stack[stack.length - 1] as Node;
    if (m[6]) throw new Error(`stray < at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      checkText(m[5]);
      if (m[5].includes('>')) throw new Error('raw > in text');
      top.text += m[5];
      continue;
    }
    const [, close, name, attrText = '', selfClose] = m;
    if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      if ((a[1] as string) in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      checkText(a[2] as string);
      attrs[a[1] as string] = a[2] as string;
    }
    const node: Node = { name: name as string, attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClose) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (root.children.length !== 1 || root.children[0]?.name !== 'svg')
    throw new Error('expected one <svg> root');
  return root.children[0];
}

const all = (n: Node, pred: (x: Node) => boolean): Node[] => [
  ...(pred(n) ? [n] : []),
  ...n.children.flatMap((c) => all(c, pred)),
];
const cls = (c: string) => (n: Node) => n.attrs.class === c;
const num = (n: Node, a: string) => Number(n.attrs[a]);

describe('svg helpers', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<B-PS> & "x" 'y'`)).toBe('&lt;B-PS&gt; &amp; &quot;x&quot; &apos;y&apos;');
    expect(escapeXml('a\u0000b\u0007c\ud800d😀')).toBe('abcd😀');
  });
  it('nice ticks cover the range in 1/2/5 steps', () => {
    expect(niceTicks(0.12, 0.93)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 37)).toEqual([0, 10, 20, 30, 40]);
    const t = niceTicks(5, 5);
    expect(t[0]).toBeLessThan(5);
    expect(t[t.length - 1]).toBeGreaterThan(5);
  });
});

describe('trainingCurvesSvg', () => {
  const history = [0.9, 0.6, 0.45, 0.4].map((loss, i) => ({
    epoch: i + 1,
    loss,
    dev: { loss: loss + 0.1, accuracy: 0.5 + 0.1 * i },
  }));

  it('builds panels from trainer history', () => {
    const panels = historyPanels(history);
    expect(panels.map((p) => [p.title, p.series.map((s) => s.name)])).toEqual([
      ['Loss', ['train loss', 'dev loss']],
      ['accuracy', ['dev accuracy']],
    ]);
    expect(panels[1]?.series[0]?.values).toEqual([0.5, 0.6, 0.7, 0.8]);
  });

  it('is valid XML with one dot per epoch, placed monotonically, and a legend per series', () => {
    const svg = parseXml(trainingCurvesSvg(historyPanels(history), { title: 'NSMC <GRU> & co' }));
    expect(all(svg, (n) => n.name === 'title')[0]?.text).toBe('NSMC &lt;GRU&gt; &amp; co');
    const panels = all(svg, cls('panel'));
    expect(panels.length).toBe(2);
    const series = all(svg, cls('series'));
    expect(series.map((s) => s.attrs['data-name'])).toEqual(['train loss', 'dev loss', 'dev accuracy']);
    for (const s of series) {
      const dots = all(s, (n) => n.name === 'circle');
      expect(dots.length).toBe(4);
      const xs = dots.map((d) => num(d, 'cx'));
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(new Set(xs).size).toBe(4);
    }
    // Falling loss → rising y pixel; rising accuracy → falling y pixel.
    const ys = (i: number) => all(series[i] as Node, (n) => n.name === 'circle').map((d) => num(d, 'cy'));
    expect(ys(0)).toEqual([...ys(0)].sort((a, b) => a - b));
    expect(ys(2)).toEqual([...ys(2)].sort((a, b) => b - a));
    // Equal values share a height across series in the same panel: dev loss epoch 2 (0.7) is
    // between train loss epochs 1 (0.9) and 2 (0.6).
    expect(ys(1)[1]).toBeGreaterThan(ys(0)[0] as number);
    expect(ys(1)[1]).toBeLessThan(ys(0)[1] as number);
    // Y ticks are increasing values going up.
    const ticks = all(panels[0] as Node, cls('ytick'));
    const vals = ticks.map((t) => Number(t.text));
    const pos = ticks.map((t) => num(t, 'y'));
    expect(vals[0]).toBeLessThanOrEqual(0.4);
    expect(vals[vals.length - 1]).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < vals.length; i++) {
      expect(vals[i]).toBeGreaterThan(vals[i - 1] as number);
      expect(pos[i]).toBeLessThan(pos[i - 1] as number);
    }
    expect(all(panels[0] as Node, cls('xtick')).map((t) => t.text)).toEqual(['1', '2', '3', '4']);
    expect(
      all(svg, cls('legend')).flatMap((l) => all(l, (n) => n.name === 'text').map((t) => t.text)),
    ).toEqual(['train loss', 'dev loss', 'dev accuracy']);
  });

  it('leaves gaps for missing values and handles one epoch', () => {
    const svg = parseXml(
      trainingCurvesSvg([{ title: 'x', series: [{ name: 'a', values: [1, null, Number.NaN, 2] }] }]),
    );
    const s = all(svg, cls('series'))[0] as Node;
    expect(all(s, (n) => n.name === 'circle').length).toBe(2);
    expect(all(s, (n) => n.name === 'path')[0]?.attrs.d?.match(/M/g)?.length).toBe(2);
    parseXml(trainingCurvesSvg([{ title: 'one', series: [{ name: 'a', values: [0.5] }] }]));
    expect(() => trainingCurvesSvg([])).toThrow(ConfigError);
  });
});

describe('confusionMatrixSvg', () => {
  it('draws n×n cells with counts, Korean and escaped labels, darker for larger counts', () => {
    const cm = confusionMatrix(
      ['긍정', '긍정', '부정', '<x&y>', '부정', '부정'],
      ['긍정', '부정', '부정', '<x&y>', '부정', '긍정'],
    );
    const svg = parseXml(confusionMatrixSvg(cm));
    const cells = all(svg, cls('cell'));
    expect(cells.length).toBe(9);
    const at = (r: number, c: number) =>
      cells.find((n) => n.attrs['data-row'] === String(r) && n.attrs['data-col'] === String(c)) as Node;
    // labels sorted: '<x&y>', '긍정', '부정'; gold 부정 → pred 부정 twice.
    expect(all(at(2, 2), (n) => n.name === 'text')[0]?.text).toBe('2');
    const fill = (n: Node) => all(n, (x) => x.name === 'rect')[0]?.attrs.fill as string;
    const r = (f: string) => Number(/rgb\((\d+)/.exec(f)?.[1]);
    expect(r(fill(at(2, 2)))).toBeLessThan(r(fill(at(1, 1))));
    expect(r(fill(at(0, 1)))).toBe(255);
    const labels = all(all(svg, cls('row-labels'))[0] as Node, (n) => n.name === 'text').map((t) => t.text);
    expect(labels).toEqual(['&lt;x&amp;y&gt;', '긍정', '부정']);
    // Rows top to bottom, columns left to right.
    const rect = (n: Node) => all(n, (x) => x.name === 'rect')[0] as Node;
    expect(num(rect(at(1, 0)), 'y')).toBeGreaterThan(num(rect(at(0, 0)), 'y'));
    expect(num(rect(at(0, 2)), 'x')).toBeGreaterThan(num(rect(at(0, 1)), 'x'));
    expect(() => confusionMatrixSvg({ labels: ['a'], counts: [[1, 2]] })).toThrow(ShapeError);
  });
});

describe('attentionSvg', () => {
  it('one row for a weight vector, n rows for a matrix, values in cells', () => {
    const one = parseXml(attentionSvg(['영화', '가', '최고', '"다"'], [0.1, 0.05, 0.8, 0.05]));
    const cells = all(one, cls('cell'));
    expect(cells.length).toBe(4);
    expect(cells.map((c) => all(c, (n) => n.name === 'text')[0]?.text)).toEqual(['.10', '.05', '.80', '.05']);
    const two = parseXml(
      attentionSvg(
        ['a', 'b'],
        [
          [0.9, 0.1],
          [0.3, 0.7],
        ],
      ),
    );
    expect(all(two, cls('cell')).length).toBe(4);
    expect(() => attentionSvg(['a', 'b'], [0.5])).toThrow(/row 0 has 1 values for 2 tokens/);
  });
});
