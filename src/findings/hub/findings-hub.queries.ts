import { Injectable } from '@nestjs/common';

/** The findings panel of the tenant hub. */
@Injectable()
export class FindingsHubQueries {}
