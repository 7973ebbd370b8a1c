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
    await queryRunner.query("CREATE TABLE \"training_series\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" varchar(200) NOT NULL, \"recurrence\" varchar(16) NOT NULL, \"untilDate\" date NOT NULL, \"createdBy\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE TABLE \"training_sessions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"seriesId\" integer, \"title\" varchar(200) NOT NULL, \"kind\" varchar(32) NOT NULL, \"hostDepartmentId\" integer, \"hostTenantId\" integer, \"speaker\" varchar(100) NOT NULL DEFAULT (''), \"speakerTenantId\" integer, \"startsAt\" datetime NOT NULL, \"endsAt\" datetime NOT NULL, \"location\" varchar(200) NOT NULL, \"capacity\" integer, \"audience\" varchar(16) NOT NULL, \"audienceFilter\" text, \"status\" varchar(16) NOT NULL DEFAULT ('scheduled'), \"cancelReason\" text, \"checkinSecret\" varchar(64) NOT NULL, \"absencesMarkedAt\" datetime, \"sequence\" integer NOT NULL DEFAULT (0), \"createdBy\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_6c9f19bab2bb0d0d5f953678bba\" FOREIGN KEY (\"seriesId\") REFERENCES \"training_series\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_048199a0845f1de321d4e606262\" FOREIGN KEY (\"hostTenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_5a019ddc6ca7f59ec46de66df7e\" FOREIGN KEY (\"speakerTenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_training_sessions_status_ends\" ON \"training_sessions\" (\"status\", \"endsAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_training_sessions_starts\" ON \"training_sessions\" (\"startsAt\") ");
    await queryRunner.query("CREATE TABLE \"training_invitations\" (\"sessionId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_85dbddf3c33987373b273c2fe5c\" FOREIGN KEY (\"sessionId\") REFERENCES \"training_sessions\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_acf839f88022db649809eedef2a\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, PRIMARY KEY (\"sessionId\", \"tenantId\"))");
    await queryRunner.query("CREATE INDEX \"IDX_training_invitations_tenant\" ON \"training_invitations\" (\"tenantId\", \"sessionId\") ");
    await queryRunner.query("CREATE TABLE \"training_registrations\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"sessionId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"userId\" integer NOT NULL, \"status\" varchar(16) NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_8f8cb2bc6c289737af5076761a1\" FOREIGN KEY (\"sessionId\") REFERENCES \"training_sessions\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_5bfad0985d6258dcbc194257098\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_training_registrations_tenant\" ON \"training_registrations\" (\"tenantId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_training_registrations_session_tenant\" ON \"training_registrations\" (\"sessionId\", \"tenantId\") ");
    await queryRunner.query("CREATE TABLE \"training_excuses\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"sessionId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"reason\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('pending'), \"requestedBy\" integer NOT NULL, \"requestedAt\" datetime NOT NULL, \"decidedBy\" integer, \"decidedAt\" datetime, \"decisionNote\" text, CONSTRAINT \"FK_192c4ed26bce36f4e0ddb410460\" FOREIGN KEY (\"sessionId\") REFERENCES \"training_sessions\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_e515629a02515b5427fbde19462\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_training_excuses_session_tenant\" ON \"training_excuses\" (\"sessionId\", \"tenantId\") ");
    await queryRunner.query("CREATE TABLE \"training_attendance\" (\"sessionId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"mark\" varchar(16) NOT NULL, \"source\" varchar(16) NOT NULL, \"markedBy\" integer, \"markedAt\" datetime NOT NULL, CONSTRAINT \"FK_cab84a43d38c6dd058c530462d7\" FOREIGN KEY (\"sessionId\") REFERENCES \"training_sessions\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_8d272b24f83f1d37bb327ca7caf\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, PRIMARY KEY (\"sessionId\", \"tenantId\"))");
    await queryRunner.query("CREATE INDEX \"IDX_training_attendance_tenant\" ON \"training_attendance\" (\"tenantId\", \"sessionId\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_training_attendance_tenant\"");
    await queryRunner.query("DROP TABLE \"training_attendance\"");
    await queryRunner.query("DROP INDEX \"IDX_training_excuses_session_tenant\"");
    await queryRunner.query("DROP TABLE \"training_excuses\"");
    await queryRunner.query("DROP INDEX \"IDX_training_registrations_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_training_registrations_session_tenant\"");
    await queryRunner.query("DROP TABLE \"training_registrations\"");
    await queryRunner.query("DROP INDEX \"IDX_training_invitations_tenant\"");
    await queryRunner.query("DROP TABLE \"training_invitations\"");
    await queryRunner.query("DROP INDEX \"IDX_training_sessions_status_ends\"");
    await queryRunner.query("DROP INDEX \"IDX_training_sessions_starts\"");
    await queryRunner.query("DROP TABLE \"training_sessions\"");
    await queryRunner.query("DROP TABLE \"training_series\"");
  }
}
