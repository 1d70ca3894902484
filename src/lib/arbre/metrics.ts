/**
 * Advance widths of the self-hosted Roboto Condensed (views/assets/fonts), in thousandths of an em,
 * measured in Chromium with canvas measureText; tests/browser/arbre-fit.test.ts re-measures them.
 * They let the server predict line wrapping, so the Arbre's density is chosen without JavaScript.
 */
const CHARS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u00d0\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00de\u00df\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u00f0\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff\u0152\u0153\u2019\u2013\u2014\u2026\u2022\u00b7\u202f\u2011';
const WIDTH_400 = [
  229, 246, 320, 548, 494, 633, 544, 175, 314, 319, 431, 497, 197, 248, 264, 371, 494, 494, 494, 494, 494, 494, 494,
  494, 494, 494, 233, 203, 446, 479, 460, 422, 769, 577, 546, 567, 571, 497, 481, 591, 620, 250, 483, 545, 476, 755,
  620, 601, 554, 601, 531, 519, 521, 562, 561, 762, 551, 525, 523, 250, 370, 250, 371, 405, 309, 479, 493, 462, 496,
  469, 316, 493, 483, 229, 224, 451, 229, 753, 484, 502, 493, 500, 305, 456, 296, 483, 428, 650, 439, 417, 439, 307,
  244, 307, 589, 229, 232, 480, 511, 713, 464, 240, 538, 418, 786, 396, 418, 487, 0, 786, 415, 374, 470, 330, 330, 313,
  499, 435, 244, 229, 330, 403, 418, 638, 678, 673, 422, 577, 577, 577, 577, 577, 577, 813, 567, 497, 497, 497, 497,
  250, 250, 250, 250, 585, 620, 601, 601, 601, 601, 601, 471, 601, 562, 562, 562, 562, 525, 515, 522, 479, 479, 479,
  479, 479, 479, 729, 462, 469, 469, 469, 469, 235, 235, 235, 235, 514, 484, 502, 502, 502, 502, 502, 500, 499, 483,
  483, 483, 483, 417, 508, 417, 827, 777, 195, 572, 678, 590, 337, 244, 115, 333,
];
const WIDTH_700 = [
  230, 261, 321, 528, 505, 638, 579, 162, 323, 324, 454, 476, 245, 361, 291, 332, 505, 505, 505, 505, 505, 505, 505,
  505, 505, 505, 273, 253, 447, 503, 454, 447, 766, 597, 561, 570, 565, 491, 476, 585, 614, 270, 490, 553, 479, 758,
  612, 604, 568, 604, 553, 540, 542, 571, 578, 750, 560, 542, 530, 264, 381, 264, 391, 400, 331, 471, 495, 460, 496,
  479, 328, 503, 492, 252, 245, 478, 252, 742, 492, 498, 495, 497, 331, 454, 307, 492, 449, 633, 452, 445, 452, 298,
  253, 298, 558, 230, 271, 508, 524, 692, 475, 252, 552, 467, 785, 394, 449, 485, 0, 785, 457, 389, 472, 335, 335, 332,
  548, 436, 284, 249, 335, 406, 449, 623, 663, 704, 446, 597, 597, 597, 597, 597, 597, 818, 570, 491, 491, 491, 491,
  271, 271, 271, 271, 580, 612, 604, 604, 604, 604, 604, 469, 602, 571, 571, 571, 571, 542, 533, 558, 471, 471, 471,
  471, 471, 471, 729, 459, 479, 479, 479, 479, 262, 262, 262, 262, 502, 493, 498, 498, 498, 498, 498, 500, 497, 492,
  492, 492, 492, 445, 500, 445, 841, 771, 225, 548, 661, 661, 360, 284, 115, 333,
];

export type FontWeight = 400 | 700;

const tables: Record<FontWeight, Map<string, number>> = { 400: new Map(), 700: new Map() };
[...CHARS].forEach((char, index) => {
  tables[400].set(char, WIDTH_400[index] ?? 0);
  tables[700].set(char, WIDTH_700[index] ?? 0);
});
// Characters outside the table (rare letters, symbols) count as a wide letter, never as nothing.
const FALLBACK: Record<FontWeight, number> = { 400: 600, 700: 620 };

/** Width of `text` in ems (multiply by the font size); kerning is ignored, which only overestimates. */
export function textWidthEm(text: string, weight: FontWeight = 400): number {
  const table = tables[weight];
  let total = 0;
  for (const char of text) total += table.get(char) ?? FALLBACK[weight];
  return total / 1000;
}

/** The characters and widths of the table, for the test that checks them against Chromium. */
export function metricsTable(): { chars: string; width400: number[]; width700: number[] } {
  return { chars: CHARS, width400: [...WIDTH_400], width700: [...WIDTH_700] };
}
