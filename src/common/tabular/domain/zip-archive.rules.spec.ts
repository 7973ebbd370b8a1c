import { entry, spacesEntry, zip } from '../../../../test/support/xlsx-files.js';
import { entryNameProblem, readZipDirectory, resolvePartName, type ZipDirectory } from './zip-archive.rules.js';

const LIMITS = { entries: 10, unpackedBytes: 1000 };

/** Where the central-directory record of entry `index` starts. */
function centralRecord(archive: Buffer, index: number): number {
  const eocd = archive.length - 22;
  let p = archive.readUInt32LE(eocd + 16);
  for (let i = 0; i < index; i++) p += 46 + archive.readUInt16LE(p + 28) + archive.readUInt16LE(p + 30) + archive.readUInt16LE(p + 32);
  return p;
}

/** A copy of the archive with `edit` applied. */
function patched(archive: Buffer, edit: (copy: Buffer) => void): Buffer {
  const copy = Buffer.from(archive);
  edit(copy);
  return copy;
}

const two = (): Buffer => zip([entry('a.xml', '<a/>'), entry('b/c.xml', 'x'.repeat(100), { stored: true })]);

const problem = (d: ZipDirectory) => (d.ok ? 'ok' : d.problem);

describe('readZipDirectory', () => {
  it('locates every entry: method, CRC and the bytes it occupies', () => {
    const archive = two();
    const d = readZipDirectory(archive, LIMITS);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.entries.map((e) => [e.name, e.method, e.dataEnd - e.dataStart])).toEqual([['a.xml', 8, entry('a.xml', '<a/>').data.length], ['b/c.xml', 0, 100]]);
    const stored = d.entries[1];
    expect(archive.subarray(stored.dataStart, stored.dataEnd).toString()).toBe('x'.repeat(100));
    expect(stored.crc).toBe(entry('b/c.xml', 'x'.repeat(100)).crc);
  });

  it('accepts an empty archive and leaves folder entries out', () => {
    expect(readZipDirectory(zip([]), LIMITS)).toEqual({ ok: true, entries: [] });
    const d = readZipDirectory(zip([entry('xl/', ''), entry('xl/a.xml', 'a')]), LIMITS);
    expect(d.ok && d.entries.map((e) => e.name)).toEqual(['xl/a.xml']);
  });

  it('takes declared sizes only as a reason to refuse: at the cap it reads, above it it refuses', () => {
    expect(problem(readZipDirectory(zip([entry('a', 'x', { declare: 600 }), entry('b', 'y', { declare: 400 })]), LIMITS))).toBe('ok');
    expect(readZipDirectory(zip([entry('a', 'x', { declare: 600 }), entry('b', 'y', { declare: 401 })]), LIMITS)).toEqual({ ok: false, problem: 'tooLarge', name: 'b' });
    // A bomb that declares little is not caught here: the inflate's running cap catches it.
    expect(problem(readZipDirectory(zip([spacesEntry('s', '', 4 << 20, '', { declare: 10 })]), LIMITS))).toBe('ok');
  });

  it.each<[string, () => Buffer, string]>([
    ['an empty buffer', () => Buffer.alloc(0), 'notZip'],
    ['a local header and garbage', () => Buffer.from('PK\u0003\u0004garbage'), 'notZip'],
    ['a truncated archive', () => two().subarray(0, 60), 'notZip'],
    ['bytes after the end record', () => Buffer.concat([two(), Buffer.from('tail')]), 'notZip'],
    ['a directory that runs past the end record', () => patched(two(), (b) => b.writeUInt32LE(b.readUInt32LE(b.length - 22 + 12) + 1, b.length - 22 + 12)), 'notZip'],
    ['an entry count that disagrees with the directory', () => patched(two(), (b) => { b.writeUInt16LE(3, b.length - 22 + 8); b.writeUInt16LE(3, b.length - 22 + 10); }), 'notZip'],
    ['a multi-disk archive', () => patched(two(), (b) => b.writeUInt16LE(1, b.length - 22 + 4)), 'notZip'],
    ['ZIP64 entry count', () => patched(two(), (b) => { b.writeUInt16LE(0xffff, b.length - 22 + 8); b.writeUInt16LE(0xffff, b.length - 22 + 10); }), 'zip64'],
    ['ZIP64 sizes', () => patched(two(), (b) => b.writeUInt32LE(0xffffffff, centralRecord(b, 0) + 24)), 'zip64'],
    ['more entries than allowed', () => zip(Array.from({ length: 11 }, (_, i) => entry(`e${i}`, 'x'))), 'tooManyEntries'],
    ['an encrypted entry', () => patched(two(), (b) => b.writeUInt16LE(0x0801, centralRecord(b, 0) + 8)), 'encrypted'],
    ['a method other than stored or deflate (bzip2)', () => patched(two(), (b) => b.writeUInt16LE(12, centralRecord(b, 0) + 10)), 'method'],
    ['a local header with another method', () => patched(two(), (b) => b.writeUInt16LE(0, 8)), 'badEntry'],
    ['a local header with another name', () => patched(two(), (b) => b.write('z', 30)), 'badEntry'],
    ['a local header that is not one', () => patched(two(), (b) => b.writeUInt32LE(0, 0)), 'badEntry'],
    ['data that runs into the directory', () => patched(two(), (b) => b.writeUInt32LE(5000, centralRecord(b, 1) + 20)), 'badEntry'],
    ['a stored entry whose sizes differ', () => patched(two(), (b) => b.writeUInt32LE(99, centralRecord(b, 1) + 24)), 'badEntry'],
    ['two entries sharing the same bytes', () => patched(zip([entry('a', 'aaaa'), entry('b', 'aaaa')]), (b) => b.writeUInt32LE(0, centralRecord(b, 1) + 42)), 'badEntry'],
    ['an entry starting inside another', () => {
      const archive = zip([entry('ab', 'x'.repeat(200), { stored: true }), entry('cd', 'y', { stored: true })]);
      return patched(archive, (b) => {
        // The second entry's local header copied into the first entry's data, and its record pointed there.
        const second = 30 + 2 + 200;
        b.copy(b, 40, second, second + 30 + 2 + 1);
        b.writeUInt32LE(40, centralRecord(b, 1) + 42);
      });
    }, 'overlap'],
    ['a name that is not UTF-8', () => patched(zip([entry('a.xml', 'a')]), (b) => { b[centralRecord(b, 0) + 46] = 0xff; b[30] = 0xff; }), 'badName'],
    ['a non-ASCII name without the UTF-8 flag', () => zip([{ ...entry('表.xml', 'a'), flags: 0 }]), 'badName'],
    ['a path that climbs out', () => zip([entry('../../etc/passwd', 'a')]), 'badName'],
    ['an absolute path', () => zip([entry('/xl/workbook.xml', 'a')]), 'badName'],
    ['the same name twice', () => zip([entry('xl/workbook.xml', 'a'), entry('xl/workbook.xml', 'b')]), 'duplicateName'],
    ['the same name in another case', () => zip([entry('xl/workbook.xml', 'a'), entry('XL/Workbook.xml', 'b')]), 'duplicateName'],
  ])('refuses %s', (_, build, expected) => {
    expect(problem(readZipDirectory(build(), LIMITS))).toBe(expected);
  });
});

describe('entryNameProblem', () => {
  it.each<[string, string | null]>([
    ['xl/workbook.xml', null],
    ['[Content_Types].xml', null],
    ['xl/worksheets/_rels/sheet1.xml.rels', null],
    ['xl/', null],
    ['', 'empty'],
    ['/xl/workbook.xml', 'absolute'],
    ['C:/Windows/x', 'drive letter'],
    ['xl\\workbook.xml', 'backslash'],
    ['xl/../../x', 'dot segment'],
    ['./xl/workbook.xml', 'dot segment'],
    ['xl/.', 'dot segment'],
    ['..', 'dot segment'],
    ['xl//workbook.xml', 'empty segment'],
    ['xl/work\u0000book.xml', 'control character'],
    ['xl/work\nbook.xml', 'control character'],
  ])('%j → %s', (name, expected) => {
    expect(entryNameProblem(name)).toBe(expected);
  });
});

describe('resolvePartName', () => {
  it.each<[string, string, string | null]>([
    ['', 'xl/workbook.xml', 'xl/workbook.xml'],
    ['', '/xl/workbook.xml', 'xl/workbook.xml'],
    ['xl/workbook.xml', 'worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml'],
    ['xl/workbook.xml', '/xl/worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml'],
    ['xl/workbook.xml', './styles.xml', 'xl/styles.xml'],
    ['xl/workbook.xml', '../customXml/item1.xml', 'customXml/item1.xml'],
    ['xl/workbook.xml', '../../etc/passwd', null],
    ['', '..', null],
  ])('%j + %j → %j', (source, target, expected) => {
    expect(resolvePartName(source, target)).toBe(expected);
  });
});
