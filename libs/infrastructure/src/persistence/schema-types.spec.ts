import { renderSchemaTypes, rowTypeName, schemaTypesDrift, TableDescription, tsType } from './schema-types.js';

const tables: TableDescription[] = [
  {
    name: 'ticket_types',
    columns: [
      { name: 'id', typeName: 'uuid', sqlType: 'uuid', nullable: false },
      { name: 'price', typeName: 'int8', sqlType: 'bigint', nullable: false },
      { name: 'sales_end', typeName: 'timestamptz', sqlType: 'timestamp with time zone', nullable: true },
    ],
  },
  { name: 'users', columns: [{ name: 'roles', typeName: '_text', sqlType: 'text[]', nullable: false }] },
];

describe('schema types', () => {
  it('types columns as pg returns them without type parsers: bigint and numeric as strings, dates as Date, arrays of their element', () => {
    expect(['int2', 'int4', 'int8', 'numeric', 'bool', 'timestamptz', 'date', 'jsonb', '_uuid', 'bpchar'].map(tsType)).toEqual([
      'number',
      'number',
      'string',
      'string',
      'boolean',
      'Date',
      'Date',
      'unknown',
      'string[]',
      'string',
    ]);
    expect(() => tsType('tsvector')).toThrow(/no TypeScript type for the PostgreSQL type tsvector/);
  });

  it('names a row type after its table in PascalCase', () => {
    expect(rowTypeName('ticket_types')).toBe('TicketTypesRow');
    expect(rowTypeName('check_in_hours')).toBe('CheckInHoursRow');
  });

  it('renders one interface per table, nullable columns as `| null`, the SQL type as a comment', () => {
    const text = renderSchemaTypes(tables);
    expect(text).toContain(
      'export interface TicketTypesRow {\n  id: string; // uuid\n  price: string; // bigint\n  sales_end: Date | null; // timestamp with time zone\n}\n',
    );
    expect(text).toContain('export interface UsersRow {\n  roles: string[]; // text[]\n}\n');
  });

  it('reports no drift for the same text, and per table the lines that differ, tables added and tables gone', () => {
    const committed = renderSchemaTypes(tables);
    expect(schemaTypesDrift(committed, committed)).toEqual([]);

    const migrated = renderSchemaTypes([
      { ...tables[0]!, columns: [tables[0]!.columns[0]!, { ...tables[0]!.columns[1]!, typeName: 'numeric', sqlType: 'numeric' }, tables[0]!.columns[2]!] },
      { name: 'gates', columns: [{ name: 'id', typeName: 'uuid', sqlType: 'uuid', nullable: false }] },
    ]);
    expect(schemaTypesDrift(committed, migrated)).toEqual([
      'TicketTypesRow:\n  - price: string; // bigint\n  + price: string; // numeric',
      'UsersRow: in the committed file, but no such table in the database',
      'GatesRow: new table, not in the committed file',
    ]);
    expect(schemaTypesDrift(committed, `${committed}\n`)).toEqual(['(file): differs outside the row types (header, comments or spacing)']);
  });
});
