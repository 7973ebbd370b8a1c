/**
 * The key the tenant list sorts names by: 汉语拼音 order. Each Chinese character becomes its
 * toneless syllable (pinyin-pro picks the reading from the surrounding words, so 重庆 is chong qing),
 * syllables separated by a space so that `hua yu` sorts before `huang`; anything else is kept,
 * lower-cased. Computed on every write and stored in an indexed column, cut to fit the index.
 */
import { pinyin } from 'pinyin-pro';

export const NAME_SORT_KEY_LENGTH = 255;

export function nameSortKey(name: string): string {
  const text = name.normalize('NFKC').trim();
  if (!text) return '';
  const parts = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  return parts.map((p) => p.trim().toLowerCase()).filter(Boolean).join(' ').replace(/\s+/g, ' ').slice(0, NAME_SORT_KEY_LENGTH).trimEnd();
}
