import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PlanReviewService } from '../review/plan-review.service.js';

/**
 * The plan review the programme page shows (PlanReviewService.review of the review part). The
 * review module imports this one to read programmes, so the service is looked up at run time
 * instead of importing its module (which would make the two modules import each other).
 */
@Injectable()
export class ProgrammePlanReview {
  private service: PlanReviewService | null = null;

  constructor(private readonly moduleRef: ModuleRef) {}

  review(programmeId: number, locale: string): Promise<unknown> {
    const service: PlanReviewService = this.service ?? (this.moduleRef.get(PlanReviewService, { strict: false }) as PlanReviewService);
    this.service = service;
    return service.review(programmeId, locale);
  }
}
