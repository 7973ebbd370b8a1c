import { Injectable } from '@nestjs/common';

/**
 * The plan review the programme page shows (PlanReviewService.review of the review part). The
 * review module reads programmes through this module, so the service is looked up at run time
 * instead of importing its module (which would make the two modules import each other).
 */
@Injectable()
export class ProgrammePlanReview {
  // TODO(lead): PlanReviewService (src/sampling/review) was not there when this was written; wire it here.
  async review(_programmeId: number, _locale: string): Promise<Record<string, unknown> | null> {
    return null;
  }
}
