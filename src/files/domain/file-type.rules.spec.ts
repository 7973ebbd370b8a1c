import { cleanFileName, detectFileType } from './file-type.rules.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('detectFileType', () => {
  it.each([
    ['pdf', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0), 'image/jpeg'],
    ['webp', Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml....word/document.xml')]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....xl/workbook.xml')]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['utf-8 text', Buffer.from('整改说明：已完成。\n'), 'text/plain; charset=utf-8'],
  ])('recognises %s by its content', (_name, buf, type) => {
    expect(detectFileType(buf)?.contentType).toBe(type);
  });

  it.each([
    ['an executable', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])],
    ['a zip that is not an office file', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('evil.exe')])],
    ['GBK text', Buffer.from([0xd5, 0xfb, 0xb8, 0xc4, 0xcb, 0xb5, 0xc3, 0xf7])],
    ['an empty file', Buffer.alloc(0)],
    ['binary with NUL bytes', Buffer.from([0x41, 0x00, 0x42])],
    ['an SVG (script-capable) named .png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
  ])('refuses %s', (_name, buf) => {
    const type = detectFileType(buf);
    // SVG is text: it is accepted only as text/plain and served as such, never as an image.
    if (type) expect(type.contentType).toBe('text/plain; charset=utf-8');
    else expect(type).toBeNull();
  });
});

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\evil.pdf', 'evil.pdf'],
    ['整改报告.pdf', '整改报告.pdf'],
    ['..hidden', 'hidden'],
    ['a\u0000b<c>.pdf', 'abc.pdf'],
    ['', 'file.pdf'],
    [null, 'file.pdf'],
  ])('%j → %s', (input, expected) => {
    expect(cleanFileName(input as string, 'pdf')).toBe(expected);
  });
});
