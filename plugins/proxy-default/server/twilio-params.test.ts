import { expect } from 'chai';
import { parseForm } from './twilio-params.js';

describe('proxy: parsing webhook form bodies', () => {
  it('decodes as a browser form does: + is a space, percent escapes, bad escapes kept, bad UTF-8 replaced', () => {
    const params = parseForm('Body=Yes+please%21+%F0%9F%99%82&Odd=%zz&Broken=%C3%28&Empty=&=nameless');
    expect({ ...params }).to.deep.equal({ Body: 'Yes please! 🙂', Odd: '%zz', Broken: '\uFFFD(', Empty: '', '': 'nameless' });
  });

  it('gives a map without a prototype, so prototype keys are plain keys', () => {
    const params = parseForm('__proto__=x&constructor=y&toString=z')!;
    expect(Object.getPrototypeOf(params)).to.equal(null);
    expect(params.__proto__).to.equal('x');
    expect(params.toString).to.equal('z');
  });

  it('refuses repeated keys and more than 200 keys', () => {
    expect(parseForm('Body=a&Body=b')).to.equal(undefined);
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&');
    expect(Object.keys(parseForm(keys(200))!)).to.have.length(200);
    expect(parseForm(keys(201))).to.equal(undefined);
    expect(parseForm(keys(5000))).to.equal(undefined);
  });

  it('reads an empty body as no parameters', () => {
    expect({ ...parseForm('') }).to.deep.equal({});
    expect({ ...parseForm('&&&') }).to.deep.equal({});
  });
});
