import { Injectable } from '@nestjs/common';

/** How the audit log names findings and annual reports. */
@Injectable()
export class FindingsAuditSubjects {}
