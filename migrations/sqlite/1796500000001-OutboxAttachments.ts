import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox messages may carry files (a training's .ics calendar entry): their JSON, stored with the
 * message when the change that caused it commits, so every retry sends the same file.
 */
export class OutboxAttachments1796500000001 implements MigrationInterface {
  name = 'OutboxAttachments1796500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_messages\" ADD COLUMN \"attachments\" text");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"outbox_messages\" DROP COLUMN \"attachments\"");
  }
}
