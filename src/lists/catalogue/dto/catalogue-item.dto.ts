import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { optionalInt, trim } from '../../../common/dto-transforms.js';
import { MultilineText } from '../../../common/validation.js';
import { CATALOGUE_CATEGORIES, CATALOGUE_CODE, CATALOGUE_PUBLICITY, type CatalogueCategoryCode, type CataloguePublicityCode } from '../catalogue.rules.js';

export const DESCRIPTION_MAX = 4000;

/** One kind of record in the credit information catalogue, in both languages. */
export class CatalogueItemDto {
  @ApiProperty({ pattern: CATALOGUE_CODE.source, example: 'tenant_registry' })
  @Transform(trim) @IsString() @Matches(CATALOGUE_CODE, { message: 'format' })
  code: string;

  @ApiProperty({ enum: CATALOGUE_CATEGORIES }) @IsIn(CATALOGUE_CATEGORIES)
  category: CatalogueCategoryCode;

  @ApiPropertyOptional({ minimum: 0, maximum: 100000, description: 'order within the category (default 0)' })
  @IsOptional() @Transform(optionalInt) @IsInt() @Min(0) @Max(100000)
  sortOrder?: number;

  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  nameZh: string;

  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  nameEn: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX }) @MultilineText() @Transform(trim) @IsString() @MinLength(1) @MaxLength(DESCRIPTION_MAX)
  descriptionZh: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX }) @MultilineText() @Transform(trim) @IsString() @MinLength(1) @MaxLength(DESCRIPTION_MAX)
  descriptionEn: string;

  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  producerZh: string;

  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  producerEn: string;

  @ApiProperty({ maxLength: 500 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(500)
  legalBasis: string;

  @ApiProperty({ maxLength: 500 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(500)
  legalBasisEn: string;

  @ApiProperty({ maxLength: 300 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  audienceZh: string;

  @ApiProperty({ maxLength: 300 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  audienceEn: string;

  @ApiProperty({ enum: CATALOGUE_PUBLICITY }) @IsIn(CATALOGUE_PUBLICITY)
  publicity: CataloguePublicityCode;

  @ApiProperty({ maxLength: 300 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  countsZh: string;

  @ApiProperty({ maxLength: 300 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  countsEn: string;

  @ApiProperty({ maxLength: 300 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  retentionZh: string;

  @ApiProperty({ maxLength: 300 }) @Transform(trim) @IsString() @MinLength(1) @MaxLength(300)
  retentionEn: string;
}

/** A change to an item: any of the fields (PATCH); the others stay. */
export class CatalogueItemPatchDto extends PartialType(CatalogueItemDto) {}

/** The fields admins edit. */
export const CATALOGUE_FIELDS = [
  'code', 'category', 'sortOrder', 'nameZh', 'nameEn', 'descriptionZh', 'descriptionEn', 'producerZh', 'producerEn', 'legalBasis', 'legalBasisEn',
  'audienceZh', 'audienceEn', 'publicity', 'countsZh', 'countsEn', 'retentionZh', 'retentionEn',
] as const;
