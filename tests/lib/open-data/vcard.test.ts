import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildVCard,
  escapeText,
  foldLine,
  MAX_LINE_OCTETS,
  splitName,
  stableUuid,
  telUri,
  vcardContentDisposition,
  vcardTimestamp,
  type VCardPerson,
} from '../../../src/lib/open-data/vcard.js';

interface Property {
  name: string;
  params: string;
  value: string;
}

/** A strict reader: CRLF only, every physical line ≤ 75 octets of valid UTF-8, then unfolded. */
function parseVCard(text: string): Property[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const bytes = Buffer.from(text, 'utf8');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      const line = bytes.subarray(start, i);
      expect(line.length).toBeLessThanOrEqual(MAX_LINE_OCTETS);
      // Throws if a fold split a multi-byte character.
      decoder.decode(line);
      start = i + 2;
    }
  }
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
  return lines.map((line) => {
    const colon = line.indexOf(':');
    const head = line.slice(0, colon);
    const semicolon = head.indexOf(';');
    return {
      name: semicolon === -1 ? head : head.slice(0, semicolon),
      params: semicolon === -1 ? '' : head.slice(semicolon + 1),
      value: line.slice(colon + 1),
    };
  });
}

/** Splits a structured value on unescaped semicolons and unescapes each component. */
function components(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\') {
      const next = value[++i] ?? '';
      current += next === 'n' || next === 'N' ? '\n' : next;
    } else if (char === ';') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const unescape = (value: string) => {
  const parts = components(value);
  expect(parts).toHaveLength(1);
  return parts[0]!;
};

function property(props: Property[], name: string): Property {
  const found = props.filter((p) => p.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

const base: VCardPerson = {
  name: 'Marie-Ève Côté',
  role: 'Intervenante jeunesse',
  organisation: 'Maison des jeunes L’Escale',
  phone: '418 555-0123',
  phoneExtension: '12',
  email: 'marie-eve.cote@example.org',
  url: 'https://repertoire.example.org/organismes/escale',
  themes: ['Santé mentale', 'Hébergement'],
  revision: '2026-11-22T15:30:45.123Z',
  uid: 'urn:uuid:00000000-0000-5000-8000-000000000000',
};

describe('buildVCard', () => {
  it('writes a vCard 4.0 with every property an address book needs', () => {
    const props = parseVCard(buildVCard(base));
    expect(props[0]).toEqual({ name: 'BEGIN', params: '', value: 'VCARD' });
    expect(props[1]).toEqual({ name: 'VERSION', params: '', value: '4.0' });
    expect(props.at(-1)).toEqual({ name: 'END', params: '', value: 'VCARD' });
    expect(unescape(property(props, 'FN').value)).toBe('Marie-Ève Côté');
    expect(components(property(props, 'N').value)).toEqual(['Côté', 'Marie-Ève', '', '', '']);
    expect(unescape(property(props, 'ORG').value)).toBe('Maison des jeunes L’Escale');
    expect(unescape(property(props, 'TITLE').value)).toBe('Intervenante jeunesse');
    expect(property(props, 'TEL')).toEqual({
      name: 'TEL',
      params: 'VALUE=uri;TYPE=work,voice',
      value: 'tel:+14185550123;ext=12',
    });
    expect(property(props, 'EMAIL').value).toBe('marie-eve.cote@example.org');
    expect(property(props, 'URL').value).toBe('https://repertoire.example.org/organismes/escale');
    expect(unescape(property(props, 'NOTE').value)).toBe('Personne-ressource — Santé mentale, Hébergement');
    expect(property(props, 'NOTE').value).toContain('Santé mentale\\, Hébergement');
    expect(property(props, 'REV').value).toBe('20261122T153045Z');
    expect(property(props, 'UID').value).toBe(base.uid);
  });

  it('leaves out what is unknown: no URL without a public address, no NOTE without thèmes, no TITLE when empty', () => {
    const props = parseVCard(buildVCard({ ...base, url: null, themes: [], role: '', email: null, phone: null }));
    const names = props.map((p) => p.name);
    for (const absent of ['URL', 'NOTE', 'TITLE', 'EMAIL', 'TEL']) expect(names).not.toContain(absent);
    expect(names).toContain('FN');
  });

  it('keeps a phone that is not North American as text rather than a wrong tel: URI', () => {
    const props = parseVCard(buildVCard({ ...base, phone: '+33 1 23 45 67 89', phoneExtension: null }));
    expect(property(props, 'TEL').params).toBe('VALUE=text;TYPE=work,voice');
    expect(unescape(property(props, 'TEL').value)).toBe('+33 1 23 45 67 89');
  });

  it('adds the demonstration notice to the note', () => {
    const props = parseVCard(buildVCard({ ...base, notice: 'Données de démonstration : personne fictive.' }));
    expect(unescape(property(props, 'NOTE').value)).toBe(
      'Personne-ressource — Santé mentale, Hébergement\nDonnées de démonstration : personne fictive.',
    );
  });

  it('round-trips hostile text as data: separators, backslashes, line breaks, quotes, markup and emoji', () => {
    const hostile: VCardPerson = {
      ...base,
      name: 'Zoé "Zed" O’Brien <script>alert(1)</script> 😀',
      role: 'Chef; adjointe, \\ équipe\nde nuit\r\n(remplaçante)',
      organisation: 'Centre « Le Phare » ; 🏠 \\n pas un saut',
      email: 'zoe,test;@example.org',
      themes: ['Santé; mentale', 'Dépendances, jeu'],
    };
    const props = parseVCard(buildVCard(hostile));
    expect(unescape(property(props, 'FN').value)).toBe(hostile.name);
    expect(unescape(property(props, 'TITLE').value)).toBe('Chef; adjointe, \\ équipe\nde nuit\n(remplaçante)');
    expect(unescape(property(props, 'ORG').value)).toBe(hostile.organisation);
    expect(unescape(property(props, 'EMAIL').value)).toBe(hostile.email);
    expect(unescape(property(props, 'NOTE').value)).toBe('Personne-ressource — Santé; mentale, Dépendances, jeu');
    // The family name is the last word; separators inside it stay escaped.
    expect(components(property(props, 'N').value)).toEqual([
      '😀',
      'Zoé "Zed" O’Brien <script>alert(1)</script>',
      '',
      '',
      '',
    ]);
  });

  it('drops control characters a vCard value may not contain', () => {
    const props = parseVCard(buildVCard({ ...base, name: 'Anne\u0000 Roy\u0007', role: 'A\tB' }));
    expect(unescape(property(props, 'FN').value)).toBe('Anne Roy');
    expect(unescape(property(props, 'TITLE').value)).toBe('A\tB');
  });

  it('folds long lines at 75 octets without splitting accented letters or emoji', () => {
    const long = 'Coordonnatrice à l’intégration socioprofessionnelle des jeunes — 🧑‍🤝‍🧑 é'.repeat(6);
    const text = buildVCard({ ...base, role: long });
    expect(text).toContain('\r\n ');
    const props = parseVCard(text);
    expect(unescape(property(props, 'TITLE').value)).toBe(long);
  });
});

describe('foldLine', () => {
  it('keeps short lines as they are', () => {
    expect(foldLine('FN:Anne Roy')).toBe('FN:Anne Roy');
    const exactly = `NOTE:${'x'.repeat(70)}`;
    expect(Buffer.byteLength(exactly)).toBe(75);
    expect(foldLine(exactly)).toBe(exactly);
  });

  it('cuts the first line at 75 octets and the next ones at 74 plus the leading space', () => {
    const lines = foldLine(`NOTE:${'x'.repeat(200)}`).split('\r\n');
    expect(lines[0]).toHaveLength(75);
    expect(lines.slice(1).every((line) => line.startsWith(' ') && line.length <= 75)).toBe(true);
  });

  it('never exceeds 75 octets nor splits a character, and unfolds to the original (any Unicode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300, size: 'max' }), (value) => {
        const line = `NOTE:${escapeText(value)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) {
          const bytes = Buffer.from(physical, 'utf8');
          expect(bytes.length).toBeLessThanOrEqual(75);
          expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(physical);
        }
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
    );
  });
});

describe('escapeText', () => {
  it('escapes backslash first, then comma, semicolon and every kind of line break', () => {
    expect(escapeText('a\\b,c;d\ne\r\nf\rg')).toBe('a\\\\b\\,c\\;d\\ne\\nf\\ng');
  });

  it('is undone by a reader for any text without control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100, size: 'max' }), (value) => {
        // eslint-disable-next-line no-control-regex -- the characters a vCard value may not hold
        const clean = value.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/\r\n|\r/g, '\n');
        expect(components(escapeText(value))).toEqual([clean]);
      }),
    );
  });
});

describe('splitName', () => {
  it.each([
    ['Anne Tremblay', { given: 'Anne', family: 'Tremblay' }],
    ['Marie-Ève Saint-Pierre', { given: 'Marie-Ève', family: 'Saint-Pierre' }],
    ['Jean de la Fontaine', { given: 'Jean', family: 'de la Fontaine' }],
    ['Anne Marie Roy', { given: 'Anne Marie', family: 'Roy' }],
    ['Madonna', { given: '', family: 'Madonna' }],
    ['  Éric   Gosselin ', { given: 'Éric', family: 'Gosselin' }],
  ])('%s', (name, expected) => {
    expect(splitName(name)).toEqual(expected);
  });
});

describe('telUri', () => {
  it('writes E.164 with the extension digits', () => {
    expect(telUri('418 555-0123', '12')).toBe('tel:+14185550123;ext=12');
    expect(telUri('1 800 555-0199', null)).toBe('tel:+18005550199');
    expect(telUri('418 555-0123', 'poste 7')).toBe('tel:+14185550123;ext=7');
    expect(telUri('555-0123', null)).toBeNull();
  });
});

describe('vcardTimestamp and stableUuid', () => {
  it('formats an ISO date as a vCard timestamp in UTC', () => {
    expect(vcardTimestamp('2026-01-02T03:04:05.678Z')).toBe('20260102T030405Z');
  });

  it('gives the same version-5 UUID for the same key and another for another key', () => {
    const a = stableUuid('https://x.example.org/contacts/1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('https://x.example.org/contacts/1')).toBe(a);
    expect(stableUuid('https://x.example.org/contacts/2')).not.toBe(a);
  });
});

describe('vcardContentDisposition', () => {
  it('gives an ASCII file name and the UTF-8 one (RFC 5987)', () => {
    expect(vcardContentDisposition('Marie-Ève Côté')).toBe(
      `attachment; filename="marie-eve-cote.vcf"; filename*=UTF-8''marie-%C3%A8ve-c%C3%B4t%C3%A9.vcf`,
    );
  });

  it('keeps quotes, slashes, markup and control characters out of both names', () => {
    const header = vcardContentDisposition('Zoé "Zed" ../../etc <script>\r\nX: y (1)*');
    const ascii = header.match(/filename="([^"]*)"/)![1]!;
    expect(ascii).toMatch(/^[a-z0-9-]+\.vcf$/);
    const encoded = header.match(/filename\*=UTF-8''(.*)$/)![1]!;
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(encoded)).toBe('zoé-zed-etc-script-x-y-1.vcf');
    expect(header).not.toMatch(/[\r\n]/);
  });

  it('falls back to "contact" when the name has no letter or digit', () => {
    expect(vcardContentDisposition('😀 !!')).toBe(`attachment; filename="contact.vcf"; filename*=UTF-8''contact.vcf`);
  });
});
