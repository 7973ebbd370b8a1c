import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { blank, optionalInt, trim } from '../../../common/dto-transforms.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { ITEM_KINDS, type ItemKind } from '../../domain/sampling-kinds.js';

/** An item's code: upper-case letters, digits and hyphens (e.g. MKT-002), as bundles and exports name it. */
export const ITEM_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
export const LEGAL_BASIS_MAX = 500;

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
/** A checkbox or a JSON boolean. */
const checkbox = ({ value }: { value: unknown }) => (value === true || value === 'true' || value === 'on' || value === '1' ? true
  : value === false || value === 'false' || value === '0' ? false : value);

/** One line of the inspection-item list (事项清单). */
export class InspectionItemDto {
  @ApiProperty({ pattern: ITEM_CODE.source, example: 'MKT-002', description: 'unique; stored upper-case' })
  @Transform(upper) @IsString() @Matches(ITEM_CODE, { message: 'format' })
  code: string;

  @ApiProperty({ maxLength: 200, example: '年度报告公示信息检查' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  nameZh: string;

  @ApiProperty({ maxLength: 200, example: 'Annual report disclosure' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  nameEn: string;

  @ApiProperty({ maxLength: LEGAL_BASIS_MAX, example: '《企业信息公示暂行条例》第十四条' }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(LEGAL_BASIS_MAX)
  legalBasis: string;

  @ApiProperty({ description: 'an active department; a regulator may only name their own' })
  @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  departmentId: number;

  @ApiProperty({ enum: ITEM_KINDS, description: 'general (一般事项) or key (重点事项)' }) @IsIn(ITEM_KINDS)
  kind: ItemKind;

  @ApiPropertyOptional({ default: true, description: 'false deactivates the item (items are never deleted)' })
  @IsOptional() @Transform(checkbox) @IsBoolean()
  active?: boolean;
}

/** A change to an item (PATCH): any of the fields; the others stay. */
export class InspectionItemPatchDto extends PartialType(InspectionItemDto) {}

export const ITEM_FIELDS = ['code', 'nameZh', 'nameEn', 'legalBasis', 'departmentId', 'kind', 'active'] as const;

/** Filters of the item list (page, API and export). */
export class InspectionItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Transform(optionalInt) @IsInt() @Min(1) @Max(2_147_483_647)
  departmentId?: number;

  @ApiPropertyOptional({ enum: ITEM_KINDS }) @IsOptional() @Transform(blank) @IsIn(ITEM_KINDS)
  kind?: ItemKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'active items only (true), inactive only (false); both when absent' })
  @IsOptional() @Transform(blank) @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ maxLength: 100, description: 'any part of the code, a name or the legal basis' })
  @IsOptional() @Transform(blank) @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], description: 'pages only: download the filtered list' })
  @IsOptional() @Transform(blank) @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}
