import { Injectable } from '@nestjs/common';

/** The findings pillar's score facts. */
@Injectable()
export class FindingFactsSource {}
