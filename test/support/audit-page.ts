/** Reads the audit log page (`/admin/audit`) as a person sees it: one row per entry, its changes as field rows. */

export interface AuditPageChange {
  field: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

export interface AuditPageRow {
  id: number;
  /** The time as shown (park time). */
  at: string;
  /** The instant behind it (`<time datetime>`). */
  instant: string;
  actor: string;
  actorLink: string | null;
  /** The action's label, and its code (the tooltip). */
  action: string;
  actionCode: string;
  /** Type label and record name, as read: "企业 上海星辰微电子有限公司". */
  entity: string;
  entityLink: string | null;
  summary: string | null;
  changes: AuditPageChange[];
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
/** Text content: tags dropped, list items on their own lines joined by ", ", spaces collapsed. */
const text = (html: string) => decode(html.replace(/<\/li>\s*<li>/g, ', ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

function cell(row: string, cls: string): string {
  return new RegExp(`<td class="${cls}"[^>]*>([\\s\\S]*?)</td>`).exec(row)?.[1] ?? '';
}

export function auditPageRows(html: string): AuditPageRow[] {
  const parts = html.split(/<tr id="entry-(\d+)">/);
  const rows: AuditPageRow[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const row = parts[i + 1].split(/<\/tbody>\s*<\/table>\s*<\/div>/)[0];
    const time = /<time datetime="([^"]*)">([^<]*)<\/time>/.exec(row);
    const actor = cell(row, 'audit-actor');
    const subject = cell(row, 'audit-subject');
    const diff = /<table class="audit-diff">([\s\S]*?)<\/table>/.exec(row)?.[1] ?? '';
    const changes = [...diff.matchAll(/<tr( class="changed")?><th scope="row">([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => {
      const side = (cls: string) => {
        const found = new RegExp(`<td class="${cls}">([\\s\\S]*?)</td>`).exec(m[3]);
        return found ? text(found[1]) : null;
      };
      return { field: text(m[2].replace(/<span class="sr">[\s\S]*?<\/span>/, '')), before: side('audit-before'), after: side('audit-after'), changed: Boolean(m[1]) };
    });
    rows.push({
      id: Number(parts[i]),
      at: time?.[2] ?? '',
      instant: time?.[1] ?? '',
      actor: text(actor),
      actorLink: /<a href="([^"]+)"/.exec(actor)?.[1] ?? null,
      action: text(cell(row, 'audit-action')),
      actionCode: decode(/<td class="audit-action" title="([^"]*)"/.exec(row)?.[1] ?? ''),
      entity: text(subject),
      entityLink: /<a href="([^"]+)"/.exec(subject)?.[1] ?? null,
      summary: /<summary>([^<]*)<\/summary>/.exec(row)?.[1] ?? null,
      changes,
    });
  }
  return rows;
}

/** The options of a filter menu: value and label. */
export function selectOptions(html: string, name: string): { value: string; label: string; selected: boolean }[] {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => ({ value: decode(m[1]), label: decode(m[3]), selected: Boolean(m[2]) }));
}
