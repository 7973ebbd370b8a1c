import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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

let font: Buffer | undefined;

/** Read once per process, on first use (about 8 MB); pdfkit embeds only the glyphs a document uses. */
export function cjkFontData(): Buffer {
  return (font ??= readFileSync(cjkFontPath()));
}
