import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { LOCALES } from '../../i18n/messages/index.js';

/** A page of the caller's notifications, plus the language switch the locale middleware reads. */
export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LOCALES, description: "language of the titles; default the caller's saved language" })
  @IsOptional() @IsIn(LOCALES)
  lang?: string;
}

export class NotificationResponse {
  @ApiProperty() id: number;
  @ApiProperty({ description: "the notice's subject in the requested language" }) title: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'a path in the portal the notice leads to' }) link: string | null;
  @ApiProperty() read: boolean;
  @ApiProperty({ example: '2026-11-27T01:00:00.000Z' }) createdAt: string;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: "the caller's unread notifications, all pages" }) unread: number;
}

export class UnreadCountResponse {
  @ApiProperty({ description: "the caller's unread notifications after the change" }) unread: number;
}
