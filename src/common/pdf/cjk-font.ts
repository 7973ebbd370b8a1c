import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from 'fontkit';

/**
 * Noto Sans Hans (OFL 1.1) from @embedpdf/fonts-sc: an OpenType/CFF font covering GB 2312 (the
 * 6,763 common simplified characters plus Latin), for every PDF the portal issues (signature
 * receipts, training certificates). Characters outside GB 2312 (rare names) render as missing
 * glyphs; codes and hashes are ASCII and always print.
 */
export function cjkFontPath(): string {
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

let font: Promise<Font> | undefined;

/**
 * The font read and parsed once per process, on first use (about 8 MB). pdfkit takes a parsed
 * fontkit font as a font source as well as bytes (PDFFontFactory.open); given bytes it parsed them
 * again for every document, 0.1–0.9 s each. Each document still makes its own subset of the glyphs
 * it uses (EmbeddedFont), and the font itself is only read from after parsing.
 */
export function cjkFont(): Promise<Font> {
  return (font ??= import('fontkit').then(({ create }) => {
    const parsed = create(readFileSync(cjkFontPath()));
    if (!('layout' in parsed)) throw new Error(`${cjkFontPath()} is a font collection, not a font`);
    return parsed;
  }).catch((err: unknown) => {
    font = undefined;
    throw err;
  }));
}
