// Characters that show nothing on screen. A value made only of these is blank however long it is:
// "ㅤ" (U+3164) passes a trim and a length check, yet a brand list shows an empty row.
//
// JavaScript's regular expressions know \p{White_Space} and \p{Cf} but not
// \p{Default_Ignorable_Code_Point}, so its ranges are written out below, as Unicode's
// DerivedCoreProperties.txt lists them (unchanged from Unicode 14 to 16).

const defaultIgnorable = [
  '\\u00AD', // soft hyphen
  '\\u034F', // combining grapheme joiner
  '\\u061C', // Arabic letter mark
  '\\u115F-\\u1160', // Hangul choseong and jungseong fillers
  '\\u17B4-\\u17B5', // Khmer inherent vowels
  '\\u180B-\\u180F', // Mongolian free variation selectors and vowel separator
  '\\u200B-\\u200F', // zero-width space, non-joiner and joiner; left-to-right and right-to-left marks
  '\\u202A-\\u202E', // bidirectional embeddings and overrides
  '\\u2060-\\u206F', // word joiner, invisible operators, bidirectional isolates, deprecated format characters
  '\\u3164', // Hangul filler
  '\\uFE00-\\uFE0F', // variation selectors 1-16
  '\\uFEFF', // zero-width no-break space (byte order mark)
  '\\uFFA0', // halfwidth Hangul filler
  '\\uFFF0-\\uFFF8', // unassigned, reserved as ignorable
  '\\u{1BCA0}-\\u{1BCA3}', // shorthand format controls
  '\\u{1D173}-\\u{1D17A}', // musical symbol beam, tie, slur and phrase controls
  '\\u{E0000}-\\u{E0FFF}', // tag characters, variation selectors 17-256, and reserved
];

/** Not default-ignorable, but drawn as an empty cell all the same. */
const blankSymbols = [
  '\\u2800', // braille pattern blank
  '\\u{16FE4}', // Khitan small script filler
  '\\u{1D159}', // musical symbol null notehead
];

/** Whitespace (U+2028, U+2029, U+3000 and the rest), format characters, default-ignorables and blank symbols. */
const invisibleCharacter = new RegExp(`[\\p{White_Space}\\p{Cf}${[...defaultIgnorable, ...blankSymbols].join('')}]`, 'gu');

/** The value as a reader sees it: without whitespace and invisible characters. */
export function visibleText(value: string): string {
  return value.replace(invisibleCharacter, '');
}

/** True when something of the value shows: false for "", "   ", "ㅤ", "\u200B\u2800". */
export function hasVisibleText(value: string): boolean {
  return visibleText(value) !== '';
}
