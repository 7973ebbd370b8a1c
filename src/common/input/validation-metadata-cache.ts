import { getMetadataStorage } from 'class-validator';

type Lookup = (target: unknown, schema: unknown, always: unknown, strictGroups: unknown, groups?: string[]) => unknown[];
type Storage = { getTargetValidationMetadatas: Lookup; addValidationMetadata: (m: unknown) => void; addConstraintMetadata: (m: unknown) => void };

const INSTALLED = Symbol.for('parktrust.validationMetadataCache');

/**
 * class-validator looks up a DTO's rules on every validation by filtering its rules and testing the DTO against
 * every class that has any (`instanceof`, hundreds of DTOs here): 1.9% of the list page's time under load (profiled).
 * The answer only changes when rules are added (class definitions, at import), so
 * it is remembered per class and options until the next addition. Callers get a copy: the cached array is never shared.
 */
export function cacheValidationMetadataLookups(storage: Storage = getMetadataStorage() as unknown as Storage): void {
  const marked = storage as Storage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  let cache = new Map<unknown, Map<string, unknown[]>>();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addValidationMetadata = (m) => {
    cache = new Map();
    addValidation(m);
  };
  storage.addConstraintMetadata = (m) => {
    cache = new Map();
    addConstraint(m);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${String(schema)}\u0000${String(always)}\u0000${String(strictGroups)}\u0000${groups ? JSON.stringify(groups) : ''}`;
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found.slice();
  };
}
