import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795824305751 implements MigrationInterface {
  name = 'Initial1795824305751';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_entries\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"occurredAt\" varchar(24) NOT NULL, \"actorId\" integer, \"actorLabel\" varchar(190) NOT NULL, \"action\" varchar(64) NOT NULL, \"entityType\" varchar(64) NOT NULL, \"entityId\" varchar(64), \"ip\" varchar(64), \"before\" text, \"after\" text, \"prevHash\" varchar(64) NOT NULL, \"hash\" varchar(64) NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_98f9300866b886376c5605e532\" ON \"audit_entries\" (\"occurredAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_a8456bc89d026672de07047358\" ON \"audit_entries\" (\"actorId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_entity\" ON \"audit_entries\" (\"entityType\", \"entityId\") ");
    await queryRunner.query("CREATE TABLE \"audit_head\" (\"id\" integer PRIMARY KEY NOT NULL, \"lastEntryId\" integer NOT NULL DEFAULT (0), \"lastHash\" varchar(64) NOT NULL)");
    await queryRunner.query("CREATE TABLE \"api_tokens\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"label\" varchar(100) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"prefix\" varchar(16) NOT NULL, \"createdById\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"lastUsedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"))");
    await queryRunner.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\" (\"userId\") ");
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(190) NOT NULL, \"name\" varchar(100) NOT NULL, \"role\" varchar(20) NOT NULL, \"passwordHash\" varchar(255) NOT NULL, \"tenantId\" integer, \"departmentId\" integer, \"institutionId\" integer, \"locale\" varchar(8), \"active\" boolean NOT NULL DEFAULT (1), \"mustChangePassword\" boolean NOT NULL DEFAULT (0), \"failedLogins\" integer NOT NULL DEFAULT (0), \"lockedUntil\" datetime, \"lastLoginAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (\"email\"))");
    await queryRunner.query("CREATE INDEX \"IDX_ace513fa30d485cfd25c11a9e4\" ON \"users\" (\"role\") ");
    await queryRunner.query("CREATE TABLE \"departments\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" varchar(32) NOT NULL, \"nameZh\" varchar(100) NOT NULL, \"nameEn\" varchar(150) NOT NULL, \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_91fddbe23e927e1e525c152baa3\" UNIQUE (\"code\"))");
    await queryRunner.query("CREATE TABLE \"tenants\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"uscc\" varchar(18) NOT NULL, \"name\" varchar(200) NOT NULL, \"legalRepresentative\" varchar(100) NOT NULL, \"industry\" varchar(64) NOT NULL, \"building\" varchar(64) NOT NULL, \"unit\" varchar(32) NOT NULL DEFAULT (''), \"movedInAt\" date NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('active'), \"statusReason\" varchar(500), \"usccOverrideReason\" varchar(500), \"contactPhone\" varchar(64), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_81bd8b7fa126730f789f5f4fe08\" UNIQUE (\"uscc\"))");
    await queryRunner.query("CREATE INDEX \"IDX_32731f181236a46182a38c992a\" ON \"tenants\" (\"name\") ");
    await queryRunner.query("CREATE INDEX \"IDX_b6d6f58491fe6cf73df694392a\" ON \"tenants\" (\"industry\") ");
    await queryRunner.query("CREATE INDEX \"IDX_1c14337e0524233e2760773752\" ON \"tenants\" (\"building\") ");
    await queryRunner.query("CREATE INDEX \"IDX_tenants_status_name\" ON \"tenants\" (\"status\", \"name\") ");
    await queryRunner.query("CREATE TABLE \"sessions\" (\"id\" varchar(128) PRIMARY KEY NOT NULL, \"expiresAt\" bigint NOT NULL, \"data\" text NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_50762206f116cd47d1c3fec396\" ON \"sessions\" (\"expiresAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await queryRunner.query("CREATE TABLE \"temporary_api_tokens\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"label\" varchar(100) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"prefix\" varchar(16) NOT NULL, \"createdById\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"lastUsedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"), CONSTRAINT \"FK_2a2ce819bd75cc0193bfb2692bd\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_api_tokens\"(\"id\", \"userId\", \"label\", \"tokenHash\", \"prefix\", \"createdById\", \"createdAt\", \"lastUsedAt\", \"revokedAt\") SELECT \"id\", \"userId\", \"label\", \"tokenHash\", \"prefix\", \"createdById\", \"createdAt\", \"lastUsedAt\", \"revokedAt\" FROM \"api_tokens\"");
    await queryRunner.query("DROP TABLE \"api_tokens\"");
    await queryRunner.query("ALTER TABLE \"temporary_api_tokens\" RENAME TO \"api_tokens\"");
    await queryRunner.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\" (\"userId\") ");
    await queryRunner.query("DROP INDEX \"IDX_ace513fa30d485cfd25c11a9e4\"");
    await queryRunner.query("CREATE TABLE \"temporary_users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(190) NOT NULL, \"name\" varchar(100) NOT NULL, \"role\" varchar(20) NOT NULL, \"passwordHash\" varchar(255) NOT NULL, \"tenantId\" integer, \"departmentId\" integer, \"institutionId\" integer, \"locale\" varchar(8), \"active\" boolean NOT NULL DEFAULT (1), \"mustChangePassword\" boolean NOT NULL DEFAULT (0), \"failedLogins\" integer NOT NULL DEFAULT (0), \"lockedUntil\" datetime, \"lastLoginAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (\"email\"), CONSTRAINT \"FK_c58f7e88c286e5e3478960a998b\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_554d853741f2083faaa5794d2ae\" FOREIGN KEY (\"departmentId\") REFERENCES \"departments\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_users\"(\"id\", \"email\", \"name\", \"role\", \"passwordHash\", \"tenantId\", \"departmentId\", \"institutionId\", \"locale\", \"active\", \"mustChangePassword\", \"failedLogins\", \"lockedUntil\", \"lastLoginAt\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"email\", \"name\", \"role\", \"passwordHash\", \"tenantId\", \"departmentId\", \"institutionId\", \"locale\", \"active\", \"mustChangePassword\", \"failedLogins\", \"lockedUntil\", \"lastLoginAt\", \"createdAt\", \"updatedAt\" FROM \"users\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query("ALTER TABLE \"temporary_users\" RENAME TO \"users\"");
    await queryRunner.query("CREATE INDEX \"IDX_ace513fa30d485cfd25c11a9e4\" ON \"users\" (\"role\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_ace513fa30d485cfd25c11a9e4\"");
    await queryRunner.query("ALTER TABLE \"users\" RENAME TO \"temporary_users\"");
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(190) NOT NULL, \"name\" varchar(100) NOT NULL, \"role\" varchar(20) NOT NULL, \"passwordHash\" varchar(255) NOT NULL, \"tenantId\" integer, \"departmentId\" integer, \"institutionId\" integer, \"locale\" varchar(8), \"active\" boolean NOT NULL DEFAULT (1), \"mustChangePassword\" boolean NOT NULL DEFAULT (0), \"failedLogins\" integer NOT NULL DEFAULT (0), \"lockedUntil\" datetime, \"lastLoginAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_97672ac88f789774dd47f7c8be3\" UNIQUE (\"email\"))");
    await queryRunner.query("INSERT INTO \"users\"(\"id\", \"email\", \"name\", \"role\", \"passwordHash\", \"tenantId\", \"departmentId\", \"institutionId\", \"locale\", \"active\", \"mustChangePassword\", \"failedLogins\", \"lockedUntil\", \"lastLoginAt\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"email\", \"name\", \"role\", \"passwordHash\", \"tenantId\", \"departmentId\", \"institutionId\", \"locale\", \"active\", \"mustChangePassword\", \"failedLogins\", \"lockedUntil\", \"lastLoginAt\", \"createdAt\", \"updatedAt\" FROM \"temporary_users\"");
    await queryRunner.query("DROP TABLE \"temporary_users\"");
    await queryRunner.query("CREATE INDEX \"IDX_ace513fa30d485cfd25c11a9e4\" ON \"users\" (\"role\") ");
    await queryRunner.query("DROP INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await queryRunner.query("ALTER TABLE \"api_tokens\" RENAME TO \"temporary_api_tokens\"");
    await queryRunner.query("CREATE TABLE \"api_tokens\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"label\" varchar(100) NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"prefix\" varchar(16) NOT NULL, \"createdById\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"lastUsedAt\" datetime, \"revokedAt\" datetime, CONSTRAINT \"UQ_cdac8e064e6e9c2e0835d1c1b86\" UNIQUE (\"tokenHash\"))");
    await queryRunner.query("INSERT INTO \"api_tokens\"(\"id\", \"userId\", \"label\", \"tokenHash\", \"prefix\", \"createdById\", \"createdAt\", \"lastUsedAt\", \"revokedAt\") SELECT \"id\", \"userId\", \"label\", \"tokenHash\", \"prefix\", \"createdById\", \"createdAt\", \"lastUsedAt\", \"revokedAt\" FROM \"temporary_api_tokens\"");
    await queryRunner.query("DROP TABLE \"temporary_api_tokens\"");
    await queryRunner.query("CREATE INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\" ON \"api_tokens\" (\"userId\") ");
    await queryRunner.query("DROP INDEX \"IDX_50762206f116cd47d1c3fec396\"");
    await queryRunner.query("DROP TABLE \"sessions\"");
    await queryRunner.query("DROP INDEX \"IDX_tenants_status_name\"");
    await queryRunner.query("DROP INDEX \"IDX_1c14337e0524233e2760773752\"");
    await queryRunner.query("DROP INDEX \"IDX_b6d6f58491fe6cf73df694392a\"");
    await queryRunner.query("DROP INDEX \"IDX_32731f181236a46182a38c992a\"");
    await queryRunner.query("DROP TABLE \"tenants\"");
    await queryRunner.query("DROP TABLE \"departments\"");
    await queryRunner.query("DROP INDEX \"IDX_ace513fa30d485cfd25c11a9e4\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query("DROP INDEX \"IDX_2a2ce819bd75cc0193bfb2692b\"");
    await queryRunner.query("DROP TABLE \"api_tokens\"");
    await queryRunner.query("DROP TABLE \"audit_head\"");
    await queryRunner.query("DROP INDEX \"IDX_audit_entity\"");
    await queryRunner.query("DROP INDEX \"IDX_a8456bc89d026672de07047358\"");
    await queryRunner.query("DROP INDEX \"IDX_98f9300866b886376c5605e532\"");
    await queryRunner.query("DROP TABLE \"audit_entries\"");
  }
}
