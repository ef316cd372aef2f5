import {
  coerceInputValue,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInt,
  getNullableType,
  isInputObjectType,
  isListType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
} from 'graphql';
import { badInput } from '../../common/errors';

/** A query string as Express's simple parser gives it. */
export type QueryParams = Record<string, unknown>;

/** Nested query values before coercion: `startDate.from` → `{ startDate: { from } }`. */
type Raw = { [field: string]: Raw | unknown };

/** One query value as the scalar it stands for; anything else is left for coercion to refuse. */
function scalarOf(text: string, type: GraphQLInputType): unknown {
  const named = getNullableType(type);
  if (named === GraphQLBoolean) return text === 'true' ? true : text === 'false' ? false : text;
  if ((named === GraphQLInt || named === GraphQLFloat) && /^-?\d+(\.\d+)?$/.test(text))
    return Number(text);
  return text;
}

function valuesOf(param: string, value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string'))
    throw badInput({ en: `${param} must be text`, zh: `${param} 须为文本` }, param);
  return values;
}

/**
 * Reads query parameters as a value of a list's GraphQL filter type (`PostingFilter` …) and
 * coerces it as GraphQL coerces variables: enum values, dates, booleans and numbers are checked by
 * the schema itself, so the export takes exactly the filters its GraphQL list takes.
 *
 * - a field: `isSubstantive=true`, `nameContains=张`
 * - a list: repeated (`status=ACTIVE&status=PLANNED`) or comma-separated (`status=ACTIVE,PLANNED`)
 * - a field of a nested input: `startDate.from=2026-01-01&startDate.to=2026-06-30`
 *
 * An unknown parameter or a bad value is BAD_USER_INPUT naming the parameter.
 */
export function filterFromQuery(
  filterType: GraphQLInputObjectType,
  query: QueryParams,
): Record<string, unknown> | undefined {
  const raw: Raw = {};
  for (const [param, value] of Object.entries(query)) {
    let type: GraphQLInputType = filterType;
    let target = raw;
    const path = param.split('.');
    path.forEach((name, i) => {
      const objectType = getNullableType(type);
      const fields = isInputObjectType(objectType) ? objectType.getFields() : {};
      if (!Object.hasOwn(fields, name))
        throw badInput(
          { en: `Unknown filter parameter: ${param}`, zh: `未知的筛选参数：${param}` },
          param,
        );
      const field = fields[name];
      type = field.type;
      if (i === path.length - 1) {
        const values = valuesOf(param, value);
        const fieldType = getNullableType(type);
        if (isListType(fieldType)) {
          const items = values.flatMap((v) => v.split(',')).filter((v) => v !== '');
          target[name] = items.map((item) => scalarOf(item, fieldType.ofType));
        } else if (values.length === 1) {
          target[name] = scalarOf(values[0], fieldType);
        } else {
          throw badInput({ en: `${param} takes one value`, zh: `${param} 只能取一个值` }, param);
        }
      } else {
        const inner = (target[name] ??= {});
        if (typeof inner !== 'object' || inner === null || Array.isArray(inner))
          throw badInput(
            {
              en: `${param} and ${path.slice(0, i + 1).join('.')} clash`,
              zh: `${param} 与 ${path.slice(0, i + 1).join('.')} 相互冲突`,
            },
            param,
          );
        target = inner as Raw;
      }
    });
  }
  if (Object.keys(raw).length === 0) return undefined;
  return coerceInputValue(raw, filterType, (path, _value, error) => {
    const param = path.filter((p) => typeof p === 'string').join('.');
    throw badInput(
      {
        en: `${param ? `${param}: ` : ''}${error.message}`,
        zh: `${param ? `${param}：` : ''}${error.message}`,
      },
      param || undefined,
    );
  }) as Record<string, unknown>;
}
