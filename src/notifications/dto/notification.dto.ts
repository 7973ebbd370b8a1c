import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination.js';

/** A page of the caller's notifications; `lang` picks the titles' language (default the caller's saved one). */
export class NotificationQueryDto extends PageQueryDto {}

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
