import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { checkUscc } from '../domain/uscc.rules.js';

/**
 * GB 32100 check on an already-normalised code. A failing check character is accepted only when
 * the object also carries `usccOverrideReason`; length and alphabet are never overridable.
 * The message encodes the problem for the field-keyed error mapper: `code {"param":…}`.
 */
export function IsUscc(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isUscc',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const result = checkUscc(value);
          if (result.ok) return true;
          const override = (args.object as { usccOverrideReason?: string }).usccOverrideReason;
          return result.reason === 'check' && typeof override === 'string' && override.trim().length > 0;
        },
        defaultMessage(args: ValidationArguments) {
          const result = checkUscc(String(args.value ?? ''));
          if (result.ok) return 'usccLength';
          if (result.reason === 'check') return `usccCheck ${JSON.stringify({ expected: result.expected, actual: result.actual })}`;
          if (result.reason === 'alphabet') return `usccAlphabet ${JSON.stringify({ position: result.position ?? 0 })}`;
          return `usccLength ${JSON.stringify({ length: result.uscc.length })}`;
        },
      },
    });
}
