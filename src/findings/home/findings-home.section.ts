import { Injectable } from '@nestjs/common';

/** The findings work queue on the home page. */
@Injectable()
export class FindingsHomeSection {}
