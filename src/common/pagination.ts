import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LOCALES, type Locale } from '../i18n/messages/index.js';

export const MAX_PAGE_SIZE = 100;

/**
 * Every query may carry `?lang=`: the locale middleware switches the language with it (and remembers
 * it), so a query DTO that forbids unknown fields must still accept it. Query DTOs extend this.
 */
export class LocaleQueryDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'language of the answer (and of an export); remembered for pages' })
  @IsOptional() @IsIn(LOCALES)
  lang?: Locale;
}

export class PageQueryDto extends LocaleQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageWindow(query: PageQueryDto, defaultSize = 20): { page: number; pageSize: number; skip: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultSize;
  return { page, pageSize, skip: (page - 1) * pageSize };
}

/** `!` is the LIKE escape character on every dialect (a backslash means different things in SQLite and MySQL). */
export const LIKE_ESCAPE = "ESCAPE '!'";

export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`);
}

/** What a page's pager and "1–20 of 135" line need. */
export interface Pager {
  pages: number;
  prev: number | null;
  next: number | null;
  /** First and last row shown, counting from 1; 0 and 0 when there are none. */
  from: number;
  to: number;
}

export function pagerOf(p: { page: number; pageSize: number; total: number }): Pager {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const first = (p.page - 1) * p.pageSize + 1;
  const shown = first <= p.total;
  return {
    pages,
    prev: p.page > 1 ? p.page - 1 : null,
    next: p.page < pages ? p.page + 1 : null,
    from: shown ? first : 0,
    to: shown ? Math.min(p.total, p.page * p.pageSize) : 0,
  };
}
