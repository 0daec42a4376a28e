import { expect } from 'chai';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

describe('the strict Prometheus text reader used by the metrics tests', () => {
  it('reads families, labels with escapes, histograms and special values', () => {
    const families = parsePrometheusText(
      [
        '# HELP a_total Things.',
        '# TYPE a_total counter',
        'a_total{kind="x\\"y\\\\z",n="1"} 3',
        '# TYPE h histogram',
        'h_bucket{le="+Inf"} 2',
        'h_sum 0.5',
        'h_count 2',
        '# TYPE g gauge',
        'g Nan',
        '',
      ].join('\n'),
    );
    expect(sampleValue(families, 'a_total', { kind: 'x"y\\z' })).to.equal(3);
    expect(sampleValue(families, 'h_bucket', { le: '+Inf' })).to.equal(2);
    expect(Number.isNaN(sampleValue(families, 'g'))).to.equal(true);
    expect(families.get('a_total')?.help).to.equal('Things.');
  });

  for (const [why, text] of [
    ['a sample without TYPE', 'x 1\n'],
    ['a bad value', '# TYPE x gauge\nx one\n'],
    ['a series twice', '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n'],
    ['an unterminated label', '# TYPE x gauge\nx{a="1} 1\n'],
    ['no final newline', '# TYPE x gauge\nx 1'],
    ['a histogram sample with a foreign suffix', '# TYPE h histogram\nh_total 1\n'],
  ] as const) {
    it(`refuses ${why}`, () => {
      expect(() => parsePrometheusText(text)).to.throw();
    });
  }
});
