// Plain portable SQL: the same migration serves both dialects.
export { SeedReferenceData1795824305752 } from '../mysql/1795824305752-SeedReferenceData.js';
