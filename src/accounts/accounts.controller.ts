import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { Roles } from './auth/auth.decorators.js';
import { EVERYONE } from './domain/access-policy.js';
import { ROLES, type Role } from './domain/roles.js';

export class MeResponse {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ nullable: true, type: Number }) tenantId: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) departmentId: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) institutionId: number | null;
}

@ApiTags('accounts')
@ApiBearerAuth()
@Roles(...EVERYONE)
@Controller('api/v1')
export class AccountsController {
  /** Who the presented token or session acts as. */
  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() p: Principal): MeResponse {
    return { id: p.userId, email: p.email, name: p.name, role: p.role, tenantId: p.tenantId, departmentId: p.departmentId, institutionId: p.institutionId };
  }
}
