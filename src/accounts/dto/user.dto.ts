import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { UncheckedText } from '../../common/validation.js';
import { ROLES, type Role } from '../domain/roles.js';
import { trim } from '../../common/dto-transforms.js';

export const PASSWORD_MIN_LENGTH = 10;
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const checkbox = ({ value }: { value: unknown }) => value === true || value === 'true' || value === 'on' || value === '1';

export class CreateUserDto {
  @ApiProperty() @Transform(lower) @IsEmail() @MaxLength(190)
  email: string;

  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  name: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'required for tenant_officer' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  tenantId?: number;

  @ApiPropertyOptional({ description: 'required for regulator' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  departmentId?: number;

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  institutionId?: number;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH }) @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ description: 'ask for a new password at first login' }) @IsOptional() @Transform(checkbox) @IsBoolean()
  mustChangePassword?: boolean;
}

export class UpdateUserDto {
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  name: string;

  @IsIn(ROLES)
  role: Role;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  tenantId?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  departmentId?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  institutionId?: number;
}

export class ResetPasswordDto {
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200)
  password: string;
}

export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(200)
  currentPassword: string;

  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200)
  newPassword: string;

  @IsString() @MaxLength(200)
  confirmPassword: string;

  /** Also revoke the user's API tokens (a checkbox). */
  @IsOptional() @Transform(checkbox) @IsBoolean()
  revokeTokens?: boolean;
}

/** "Forgot password": the e-mail to send a reset link to. */
export class ForgotPasswordDto {
  @Transform(lower) @IsEmail() @MaxLength(190)
  email: string;
}

/** The new password set with a reset link (the token is in the session, never in the form). */
export class ResetWithLinkDto {
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(200)
  newPassword: string;

  @IsString() @MaxLength(200)
  confirmPassword: string;
}

export class LoginDto {
  @Transform(lower) @IsString() @MinLength(1) @MaxLength(190)
  email: string;

  @IsString() @MinLength(1) @MaxLength(200)
  password: string;

  /** The page to return to, from the login link: sanitised by safeNext, never shown; junk in it must not block the login. */
  @IsOptional() @IsString() @MaxLength(500) @UncheckedText()
  next?: string;
}

export class UserQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(190)
  q?: string;

  @IsOptional() @IsIn(ROLES)
  role?: Role;
}

export class CreateTokenDto {
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  label: string;
}

export class DepartmentDto {
  @Transform(trim) @IsString() @MinLength(2) @MaxLength(32)
  code: string;

  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  nameZh: string;

  @Transform(trim) @IsString() @MinLength(1) @MaxLength(150)
  nameEn: string;

  @IsOptional() @Transform(checkbox) @IsBoolean()
  active?: boolean;

  /** Park staff may verify and close the rectification of this department's findings (a checkbox). */
  @IsOptional() @Transform(checkbox) @IsBoolean()
  delegatesVerification?: boolean;
}
