import { ApiTokenEntity } from './entities/api-token.entity.js';
import { DepartmentEntity } from './entities/department.entity.js';
import { LoginThrottleEntity } from './entities/login-throttle.entity.js';
import { PasswordResetTokenEntity } from './entities/password-reset-token.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { UserEntity } from './entities/user.entity.js';

/** The tables the accounts context owns. */
export const ACCOUNTS_ENTITIES = [DepartmentEntity, UserEntity, ApiTokenEntity, SessionEntity, LoginThrottleEntity, PasswordResetTokenEntity];
