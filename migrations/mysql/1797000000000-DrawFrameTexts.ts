import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draw's frozen frame also kept as its hashed text, in parts of whole lines (draw_frame_texts), so the
 * draw reads a few dozen rows instead of every member row. Draws announced before this keep only their
 * member rows; the draw falls back to those.
 */
export class DrawFrameTexts1797000000000 implements MigrationInterface {
  name = 'DrawFrameTexts1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `draw_frame_texts` (`drawId` int NOT NULL, `part` int NOT NULL, `body` text NOT NULL, `tenantIds` text NOT NULL, PRIMARY KEY (`drawId`, `part`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `draw_frame_texts`");
  }
}
