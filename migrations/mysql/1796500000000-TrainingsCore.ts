import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trainings context's tables: series, sessions, the tenants invited (required to attend),
 * registrations with a waiting list, excuses, and one attendance mark per tenant per session.
 * Times are UTC datetimes; the series' end a park-zone date. `sequence` versions a session's
 * calendar entry (.ics SEQUENCE) for the updates sent to attendees.
 */
export class TrainingsCore1796500000000 implements MigrationInterface {
  name = 'TrainingsCore1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `training_attendance` (`sessionId` int NOT NULL, `tenantId` int NOT NULL, `mark` varchar(16) NOT NULL, `source` varchar(16) NOT NULL, `markedBy` int NULL, `markedAt` datetime NOT NULL, INDEX `IDX_training_attendance_tenant` (`tenantId`, `sessionId`), PRIMARY KEY (`sessionId`, `tenantId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `training_excuses` (`id` int NOT NULL AUTO_INCREMENT, `sessionId` int NOT NULL, `tenantId` int NOT NULL, `reason` text NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'pending', `requestedBy` int NOT NULL, `requestedAt` datetime NOT NULL, `decidedBy` int NULL, `decidedAt` datetime NULL, `decisionNote` text NULL, INDEX `IDX_training_excuses_session_tenant` (`sessionId`, `tenantId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `training_invitations` (`sessionId` int NOT NULL, `tenantId` int NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_training_invitations_tenant` (`tenantId`, `sessionId`), PRIMARY KEY (`sessionId`, `tenantId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `training_registrations` (`id` int NOT NULL AUTO_INCREMENT, `sessionId` int NOT NULL, `tenantId` int NOT NULL, `userId` int NOT NULL, `status` varchar(16) NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_training_registrations_tenant` (`tenantId`), UNIQUE INDEX `IDX_training_registrations_session_tenant` (`sessionId`, `tenantId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `training_series` (`id` int NOT NULL AUTO_INCREMENT, `title` varchar(200) NOT NULL, `recurrence` varchar(16) NOT NULL, `untilDate` date NOT NULL, `createdBy` int NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `training_sessions` (`id` int NOT NULL AUTO_INCREMENT, `seriesId` int NULL, `title` varchar(200) NOT NULL, `kind` varchar(32) NOT NULL, `hostDepartmentId` int NULL, `hostTenantId` int NULL, `speaker` varchar(100) NOT NULL DEFAULT '', `speakerTenantId` int NULL, `startsAt` datetime NOT NULL, `endsAt` datetime NOT NULL, `location` varchar(200) NOT NULL, `capacity` int NULL, `audience` varchar(16) NOT NULL, `audienceFilter` text NULL, `status` varchar(16) NOT NULL DEFAULT 'scheduled', `cancelReason` text NULL, `checkinSecret` varchar(64) NOT NULL, `absencesMarkedAt` datetime NULL, `sequence` int NOT NULL DEFAULT '0', `createdBy` int NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_training_sessions_status_ends` (`status`, `endsAt`), INDEX `IDX_training_sessions_starts` (`startsAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `training_attendance` ADD CONSTRAINT `FK_cab84a43d38c6dd058c530462d7` FOREIGN KEY (`sessionId`) REFERENCES `training_sessions`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_attendance` ADD CONSTRAINT `FK_8d272b24f83f1d37bb327ca7caf` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_excuses` ADD CONSTRAINT `FK_192c4ed26bce36f4e0ddb410460` FOREIGN KEY (`sessionId`) REFERENCES `training_sessions`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_excuses` ADD CONSTRAINT `FK_e515629a02515b5427fbde19462` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_invitations` ADD CONSTRAINT `FK_85dbddf3c33987373b273c2fe5c` FOREIGN KEY (`sessionId`) REFERENCES `training_sessions`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_invitations` ADD CONSTRAINT `FK_acf839f88022db649809eedef2a` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_registrations` ADD CONSTRAINT `FK_8f8cb2bc6c289737af5076761a1` FOREIGN KEY (`sessionId`) REFERENCES `training_sessions`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_registrations` ADD CONSTRAINT `FK_5bfad0985d6258dcbc194257098` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_sessions` ADD CONSTRAINT `FK_6c9f19bab2bb0d0d5f953678bba` FOREIGN KEY (`seriesId`) REFERENCES `training_series`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_sessions` ADD CONSTRAINT `FK_048199a0845f1de321d4e606262` FOREIGN KEY (`hostTenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `training_sessions` ADD CONSTRAINT `FK_5a019ddc6ca7f59ec46de66df7e` FOREIGN KEY (`speakerTenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `training_sessions` DROP FOREIGN KEY `FK_5a019ddc6ca7f59ec46de66df7e`");
    await queryRunner.query("ALTER TABLE `training_sessions` DROP FOREIGN KEY `FK_048199a0845f1de321d4e606262`");
    await queryRunner.query("ALTER TABLE `training_sessions` DROP FOREIGN KEY `FK_6c9f19bab2bb0d0d5f953678bba`");
    await queryRunner.query("ALTER TABLE `training_registrations` DROP FOREIGN KEY `FK_5bfad0985d6258dcbc194257098`");
    await queryRunner.query("ALTER TABLE `training_registrations` DROP FOREIGN KEY `FK_8f8cb2bc6c289737af5076761a1`");
    await queryRunner.query("ALTER TABLE `training_invitations` DROP FOREIGN KEY `FK_acf839f88022db649809eedef2a`");
    await queryRunner.query("ALTER TABLE `training_invitations` DROP FOREIGN KEY `FK_85dbddf3c33987373b273c2fe5c`");
    await queryRunner.query("ALTER TABLE `training_excuses` DROP FOREIGN KEY `FK_e515629a02515b5427fbde19462`");
    await queryRunner.query("ALTER TABLE `training_excuses` DROP FOREIGN KEY `FK_192c4ed26bce36f4e0ddb410460`");
    await queryRunner.query("ALTER TABLE `training_attendance` DROP FOREIGN KEY `FK_8d272b24f83f1d37bb327ca7caf`");
    await queryRunner.query("ALTER TABLE `training_attendance` DROP FOREIGN KEY `FK_cab84a43d38c6dd058c530462d7`");
    await queryRunner.query("DROP INDEX `IDX_training_sessions_starts` ON `training_sessions`");
    await queryRunner.query("DROP INDEX `IDX_training_sessions_status_ends` ON `training_sessions`");
    await queryRunner.query("DROP TABLE `training_sessions`");
    await queryRunner.query("DROP TABLE `training_series`");
    await queryRunner.query("DROP INDEX `IDX_training_registrations_session_tenant` ON `training_registrations`");
    await queryRunner.query("DROP INDEX `IDX_training_registrations_tenant` ON `training_registrations`");
    await queryRunner.query("DROP TABLE `training_registrations`");
    await queryRunner.query("DROP INDEX `IDX_training_invitations_tenant` ON `training_invitations`");
    await queryRunner.query("DROP TABLE `training_invitations`");
    await queryRunner.query("DROP INDEX `IDX_training_excuses_session_tenant` ON `training_excuses`");
    await queryRunner.query("DROP TABLE `training_excuses`");
    await queryRunner.query("DROP INDEX `IDX_training_attendance_tenant` ON `training_attendance`");
    await queryRunner.query("DROP TABLE `training_attendance`");
  }
}
