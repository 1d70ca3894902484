import { describe, expect, it } from 'vitest';
import { htmlToText, looksLikeHtml } from '../../src/lib/html-text.js';

describe('htmlToText', () => {
  it('leaves plain text alone, even with < and & in it', () => {
    for (const text of ['Âges 5 < 12 & parents', 'A & B', 'a <b', '3 > 2']) expect(htmlToText(text)).toBe(text);
    expect(looksLikeHtml('Âges 5 < 12 & parents')).toBe(false);
  });

  it('turns paragraphs into blank lines and breaks into newlines', () => {
    expect(htmlToText('<p>Premier  paragraphe.</p><p>Second<br>ligne<br/>trois</p>')).toBe(
      'Premier paragraphe.\n\nSecond\nligne\ntrois',
    );
  });

  it('writes list items with a dash', () => {
    expect(htmlToText('<ul><li>Écoute</li><li>Accompagnement</li></ul>')).toBe('- Écoute\n- Accompagnement');
  });

  it('removes inline tags and decodes entities', () => {
    expect(htmlToText('<strong>Aide</strong> &amp; <a href="x">écoute</a> &eacute;t&#233; &#x2014; 24&nbsp;h')).toBe(
      'Aide & écoute été — 24\u00a0h',
    );
  });

  it('drops scripts, styles and comments entirely', () => {
    expect(htmlToText('<style>p{color:red}</style><p>Texte</p><script>alert(1)</script><!-- note -->')).toBe('Texte');
  });

  it('keeps an unknown entity as written', () => {
    expect(htmlToText('<p>&zzz; ok</p>')).toBe('&zzz; ok');
  });
});
