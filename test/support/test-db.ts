/*
 * Which database the running jest project tests on. Kept free of application imports, so a suite
 * that only needs to know (the Bull contract) does not load the application.
 */

declare const TEST_DB: 'sqlite' | 'mysql' | undefined;

/** Which database this jest project runs on: `sqlite` (default) or `mysql` (MariaDB/MySQL at TEST_MYSQL_URL). */
export const testDb: 'sqlite' | 'mysql' = typeof TEST_DB === 'undefined' ? 'sqlite' : TEST_DB;
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
/** `mariadb` or `mysql`: TypeORM's driver type for the server behind TEST_MYSQL_URL. */
export const TEST_MYSQL_TYPE = (process.env.TEST_MYSQL_TYPE ?? 'mariadb') as 'mariadb' | 'mysql';
