import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  absentPathValue,
  concretePath,
  plausibleValue,
  resolve,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from './operations';

/** One hostile request, ready to send. `kind` names the generator (see KNOWN_FINDINGS). */
export interface Attack {
  kind: string;
  /** Short, printable description of what was sent (for the failure report). */
  description: string;
  path: string;
  /** Raw query string without `?` (already encoded as the attack wants it). */
  query: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Multipart parts, for the upload route. */
  parts?: { fields: [string, string][]; files: [string, string, Buffer][] };
}

const CONTROL_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\r\n',
];
const UNICODE_ODDITIES = [
  '\ud800',
  '\udfff',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\u202e',
  '\u200b',
  '\u2028',
  '\u2029',
  'e\u0301\u0301\u0301\u0301',
  '\u{1f4a9}',
  '\u{10ffff}',
  'Ａｄａ',
];
const HUGE_NUMBERS = [
  '1e308',
  '-1e308',
  '1e999',
  '-1e999',
  '9007199254740993',
  '123456789012345678901234567890',
  '1e-400',
  '-0',
];
const ODD_NUMBER_STRINGS = ['NaN', '-1', 'Infinity', '-Infinity', '0x1A', '', ' ', '1,5', '١٢'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];
const RAW_MARKER = 'RAW-VALUE-MARKER-7f3c';

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) becomes the percent-encoded
 * bytes of its (invalid) three-byte UTF-8 form, so the server receives bytes no decoder accepts.
 */
export function encodeHostile(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    const high = code >= 0xd800 && code <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(value[i]);
    }
  }
  return out;
}

const oneOfList = <T>(list: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...list);

function stringWith(insert: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.string({ maxLength: 8 }), insert, fc.string({ maxLength: 8 }))
    .map(([a, b, c]) => `${a}${b}${c}`);
}

const controlString = stringWith(oneOfList(CONTROL_CHARACTERS));
const unicodeString = stringWith(oneOfList(UNICODE_ODDITIES));
const longString = fc.constantFrom(300, 5_000, 200_000).map((n) => 'a'.repeat(n));
const urlLongString = fc.constantFrom(300, 2_000, 6_000).map((n) => 'a'.repeat(n));

/** Any JSON value of a type other than `type`. */
function otherType(type: string | undefined): fc.Arbitrary<string> {
  const all: Record<string, string[]> = {
    string: ['"x"', '""'],
    number: ['1', '-1', '0.5'],
    boolean: ['true', 'false'],
    object: ['{}', '{"a":1}'],
    array: ['[]', '[1,"a",null]', '[{}]'],
    null: ['null'],
  };
  const family = type === 'integer' ? 'number' : (type ?? 'object');
  return oneOfList(Object.entries(all).flatMap(([t, values]) => (t === family ? [] : values)));
}

function nestedText(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const deepValue = fc
  .tuple(
    fc.constantFrom(40, 600, 2_000, 6_000),
    fc.constantFrom('array' as const, 'object' as const),
  )
  .map(([depth, shape]) => nestedText(depth, shape));

/** The object's JSON with `key` set to the raw JSON text `raw` (added when absent). */
function withRaw(base: Record<string, unknown>, key: string, raw: string): string {
  if (PROTOTYPE_KEYS.includes(key)) {
    const rest = JSON.stringify(base);
    return rest === '{}' ? `{"${key}":${raw}}` : `{"${key}":${raw},${rest.slice(1)}`;
  }
  return JSON.stringify({ ...base, [key]: RAW_MARKER }).replace(`"${RAW_MARKER}"`, () => raw);
}

function withoutKey(base: Record<string, unknown>, key: string): string {
  const copy = { ...base };
  delete copy[key];
  return JSON.stringify(copy);
}

interface BodyShape {
  base: Record<string, unknown>;
  properties: string[];
  required: string[];
  strings: string[];
  numbers: string[];
  types: Record<string, string | undefined>;
}

function bodyShape(doc: OpenApiDocument, schema: Schema): BodyShape {
  const base = plausibleValue(doc, schema) as Record<string, unknown>;
  const types: Record<string, string | undefined> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    types[name] = resolve(doc, property).type;
  }
  const properties = Object.keys(types);
  return {
    base: typeof base === 'object' && base !== null && !Array.isArray(base) ? base : {},
    properties,
    required: schema.required ?? [],
    strings: properties.filter((p) => types[p] === 'string'),
    numbers: properties.filter((p) => types[p] === 'number' || types[p] === 'integer'),
    types,
  };
}

/** A property of `list`, or a key the schema does not know (so the value is refused as unknown). */
function target(list: string[]): fc.Arbitrary<string> {
  return list.length ? oneOfList(list) : fc.constant('fuzz_unknown_key');
}

type Named = [kind: string, arbitrary: fc.Arbitrary<{ description: string; text: string }>];

function jsonBodyGenerators(doc: OpenApiDocument, schema: Schema): Named[] {
  const s = bodyShape(doc, schema);
  const set = (keys: fc.Arbitrary<string>, values: fc.Arbitrary<string>, label: string) =>
    fc.tuple(keys, values).map(([key, raw]) => ({
      description: `${label}: ${key} = ${raw.slice(0, 80)}${raw.length > 80 ? `… (${raw.length} chars)` : ''}`,
      text: withRaw(s.base, key, raw),
    }));
  const json = (value: string) => JSON.stringify(value);
  return [
    [
      'body:wrong-type',
      target(s.properties).chain((key) =>
        otherType(s.types[key]).map((raw) => ({
          description: `wrong type: ${key} = ${raw}`,
          text: withRaw(s.base, key, raw),
        })),
      ),
    ],
    [
      'body:missing-required',
      s.required.length
        ? oneOfList(s.required).map((key) => ({
            description: `missing required ${key}`,
            text: withoutKey(s.base, key),
          }))
        : set(fc.constant('fuzz_unknown_key'), fc.constant('1'), 'unknown key'),
    ],
    [
      'body:extra-key',
      set(
        fc.oneof(
          fc.constantFrom('fuzz_unknown_key', 'id', 'role', 'password_hash', 'is_admin'),
          fc
            .string({ minLength: 1, maxLength: 12 })
            .filter((k) => !s.properties.includes(k) && !PROTOTYPE_KEYS.includes(k)),
        ),
        fc.constantFrom('1', '"x"', '{"a":1}', 'true'),
        'extra key',
      ),
    ],
    [
      'body:prototype-key',
      set(
        oneOfList(PROTOTYPE_KEYS),
        fc.constantFrom('{"is_admin":true}', '{"prototype":{"x":1}}', '1', 'null'),
        'prototype key',
      ),
    ],
    ['body:huge-number', set(target(s.numbers), oneOfList(HUGE_NUMBERS), 'huge number')],
    [
      'body:numeric-string',
      set(target(s.numbers), oneOfList(ODD_NUMBER_STRINGS).map(json), 'number as odd string'),
    ],
    ['body:long-string', set(target(s.strings), longString.map(json), 'long string')],
    [
      'body:control-character',
      set(target(s.strings), controlString.map(json), 'control character'),
    ],
    ['body:unicode-oddity', set(target(s.strings), unicodeString.map(json), 'unicode oddity')],
    ['body:deep-nesting', set(target(s.properties), deepValue, 'deep nesting')],
    [
      'body:array-for-object',
      fc.constantFrom(`[${JSON.stringify(s.base)}]`, '[]', '[[]]').map((text) => ({
        description: `array body ${text.slice(0, 60)}`,
        text,
      })),
    ],
    [
      'body:scalar',
      fc
        .constantFrom('null', '1', '"x"', 'true', '1e999', deepValue)
        .chain((v) => (typeof v === 'string' ? fc.constant(v) : v))
        .map((text) => ({ description: `scalar or nested body ${text.slice(0, 40)}`, text })),
    ],
  ];
}

function bodyAttacks(doc: OpenApiDocument, op: Operation): [string, fc.Arbitrary<Attack>][] {
  if (!op.body || !op.body.mediaType.includes('json')) return [];
  return jsonBodyGenerators(doc, op.body.schema).map(([kind, arbitrary]) => [
    kind,
    arbitrary.map(({ description, text }): Attack => ({
      kind,
      description,
      path: concretePath(op),
      query: '',
      headers: { 'Content-Type': 'application/json' },
      body: text,
    })),
  ]);
}

const JSON_TEXT = '{"a":1}';

/**
 * The body sent with query and path attacks: `{}`, which many operations accept, so that the
 * query or path is what decides. Training is the exception: a training accepted by mistake
 * would run for seconds and write in the background, so its body always carries an unknown key.
 */
function carrierBody(op: Operation): string | undefined {
  if (!op.body || !op.body.mediaType.includes('json')) return undefined;
  return op.key === 'POST /api/models/train' ? '{"fuzz_unknown_key":1}' : '{}';
}
/** A small gzip body that inflates to about 5 MB (a decompression bomb). */
const GZIP_BOMB = gzipSync(Buffer.from(`{"a":"${'a'.repeat(5_000_000)}"}`));

/** Content types, charsets and encodings the server has to refuse, or parse correctly. */
function headerAttacks(op: Operation): [string, fc.Arbitrary<Attack>][] {
  if (!op.body) return [];
  const make =
    (kind: string) =>
    ([contentType, extra, body]: [string, Record<string, string>, string | Buffer]): Attack => ({
      kind,
      description: `Content-Type: ${contentType} ${JSON.stringify(extra)} body ${String(body).slice(0, 40)}`,
      path: concretePath(op),
      query: '',
      headers: { 'Content-Type': contentType, ...extra },
      body,
    });
  const none: Record<string, string> = {};
  return [
    [
      'header:content-type',
      fc
        .constantFrom<[string, Record<string, string>, string | Buffer]>(
          ['text/plain', none, JSON_TEXT],
          ['application/x-www-form-urlencoded', none, 'a=1&b=2'],
          [
            'application/x-www-form-urlencoded',
            none,
            Array.from({ length: 1_500 }, (_, i) => `f${i}=1`).join('&'),
          ],
          ['application/x-www-form-urlencoded', none, '__proto__[x]=1&constructor[prototype][y]=1'],
          ['application/xml', none, '<a>1</a>'],
          ['application/octet-stream', none, Buffer.from([0, 1, 2, 255])],
          [
            'multipart/form-data; boundary=zzz',
            none,
            '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--zzz--\r\n',
          ],
          ['multipart/form-data', none, 'no boundary'],
          ['application/json, text/html', none, JSON_TEXT],
          ['application/vnd.api+json', none, JSON_TEXT],
          ['', none, JSON_TEXT],
          ['application/json', { 'Content-Type': 'application/json; charset' }, JSON_TEXT],
        )
        .map(make('header:content-type')),
    ],
    [
      'header:charset',
      fc
        .constantFrom<[string, Record<string, string>, string | Buffer]>(
          ['application/json; charset=latin1', none, Buffer.from('{"a":"\u00e9"}', 'latin1')],
          ['application/json; charset=iso-8859-1', none, JSON_TEXT],
          ['application/json; charset=utf-16', none, Buffer.from(JSON_TEXT, 'utf16le')],
          ['application/json; charset=x-unknown', none, JSON_TEXT],
          ['application/json; charset="utf-8"; charset=latin1', none, JSON_TEXT],
        )
        .map(make('header:charset')),
    ],
    [
      'header:content-encoding',
      fc
        .constantFrom<[string, Record<string, string>, string | Buffer]>(
          ['application/json', { 'Content-Encoding': 'br' }, JSON_TEXT],
          ['application/json', { 'Content-Encoding': 'gzip' }, JSON_TEXT],
          [
            'application/json',
            { 'Content-Encoding': 'gzip' },
            gzipSync(Buffer.from(JSON_TEXT)).subarray(0, 12),
          ],
          ['application/json', { 'Content-Encoding': 'deflate' }, Buffer.from([1, 2, 3, 4])],
          ['application/json', { 'Content-Encoding': 'compress' }, JSON_TEXT],
          ['application/json', { 'Content-Encoding': 'gzip, br' }, JSON_TEXT],
          ['application/json', { 'Content-Encoding': 'gzip' }, GZIP_BOMB],
        )
        .map(make('header:content-encoding')),
    ],
    [
      'header:malformed-body',
      fc
        .constantFrom<[string, Record<string, string>, string | Buffer]>(
          ['application/json', none, '{"a":'],
          ['application/json', none, '{"a":1,}'],
          ['application/json', none, "{'a':1}"],
          ['application/json', none, Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from(JSON_TEXT)])],
          [
            'application/json',
            none,
            Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
          ],
          [
            'application/json',
            none,
            Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x00, 0x22, 0x7d]),
          ],
          ['application/json', none, `{"a":"${'\\u0000'}"}`],
          ['application/json', none, `{"a":"\\ud800"}`],
          ['application/json', none, ''],
        )
        .map(make('header:malformed-body')),
    ],
  ];
}

/** Bad values and shapes of query parameters, declared or not. */
function queryAttacks(op: Operation): [string, fc.Arbitrary<Attack>][] {
  const declared = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const names = declared.length ? declared : ['page'];
  const numeric = op.parameters
    .filter(
      (p) => p.in === 'query' && (p.schema?.type === 'number' || p.schema?.type === 'integer'),
    )
    .map((p) => p.name);
  const e = encodeHostile;
  const make =
    (kind: string) =>
    (query: string): Attack => ({
      kind,
      description: `?${query.slice(0, 120)}${query.length > 120 ? `… (${query.length} chars)` : ''}`,
      path: concretePath(op),
      query,
      headers: {},
      body: carrierBody(op),
    });
  const withContentType = (attack: Attack): Attack =>
    attack.body === undefined
      ? attack
      : { ...attack, headers: { 'Content-Type': 'application/json' } };
  const pairs = (name: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
    fc.tuple(name, value).map(([n, v]) => `${e(n)}=${e(v)}`);
  return (
    [
      [
        'query:huge-number',
        pairs(
          numeric.length ? oneOfList(numeric) : oneOfList(['page', 'per_page']),
          fc.oneof(oneOfList(HUGE_NUMBERS), fc.constantFrom('99999999999', '2147483648', '1e20')),
        ),
      ],
      [
        'query:odd-number',
        pairs(oneOfList(numeric.length ? numeric : names), oneOfList(ODD_NUMBER_STRINGS)),
      ],
      [
        'query:repeated',
        fc
          .tuple(
            oneOfList(names),
            fc.constantFrom(['1', '2'], ['a', 'b'], ['', ''], ['1', '1e999']),
          )
          .map(([n, [a, b]]) => `${e(n)}=${e(a)}&${e(n)}=${e(b)}`),
      ],
      [
        'query:array-or-object',
        fc
          .tuple(
            oneOfList(names),
            fc.constantFrom('[]=1', '[]=1&$[]=2', '[a]=1', '[0]=1', '[a][b][c]=1'),
          )
          .map(([n, suffix]) => `${e(n)}${suffix.replace('$', e(n))}`),
      ],
      [
        'query:unknown-key',
        pairs(fc.constantFrom('fuzz', 'limit', 'offset', 'role', 'x'), fc.constantFrom('1', 'x')),
      ],
      [
        'query:prototype-key',
        fc.constantFrom(
          '__proto__[x]=1',
          '__proto__=1',
          'constructor[prototype][x]=1',
          'constructor=1',
          'prototype=1',
        ),
      ],
      ['query:control-character', pairs(oneOfList(names), controlString)],
      ['query:unicode-oddity', pairs(oneOfList(names), unicodeString)],
      ['query:long-string', pairs(oneOfList(names), urlLongString)],
    ] as [string, fc.Arbitrary<string>][]
  ).map(([kind, arbitrary]) => [kind, arbitrary.map(make(kind)).map(withContentType)]);
}

/** Bad path parameters: not an id, control characters, very long, dot segments. */
function pathAttacks(op: Operation): [string, fc.Arbitrary<Attack>][] {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  if (!names.length) return [];
  const make =
    (kind: string) =>
    ([name, value]: [string, string]): Attack => ({
      kind,
      description: `{${name}} = ${value.slice(0, 80)}${value.length > 80 ? `… (${value.length} chars)` : ''}`,
      path: concretePath(op, { [name]: value }),
      query: '',
      headers: op.body ? { 'Content-Type': 'application/json' } : {},
      body: carrierBody(op),
    });
  const e = encodeHostile;
  const families: [string, fc.Arbitrary<string>][] = [
    [
      'path:not-an-id',
      fc.oneof(
        fc
          .constantFrom(
            '1',
            '-1',
            '0',
            'null',
            'undefined',
            'true',
            "'",
            "1' OR '1'='1",
            '%',
            '%25',
            '00000000-0000-0000-0000-00000000000g',
            absentPathValue('x').toUpperCase(),
            '1e999',
            'NaN',
          )
          .map(e),
        fc.string({ minLength: 1, maxLength: 20 }).map(e),
      ),
    ],
    ['path:control-character', controlString.filter((s) => s.length > 0).map(e)],
    ['path:unicode-oddity', unicodeString.map(e)],
    ['path:long', fc.constantFrom(300, 2_000, 6_000).map((n) => 'a'.repeat(n))],
    [
      'path:dot-segments',
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '..%2f..%2f',
        '%2e%2e%2fadmin',
        '..;',
        '%00',
        '%ff',
        '%c0%ae',
      ),
    ],
  ];
  return families.map(([kind, values]) => [
    kind,
    fc.tuple(oneOfList(names), values).map(make(kind)),
  ]);
}

/** Bad multipart uploads (the import route): missing file, wrong field names, many parts. */
function multipartAttacks(op: Operation): [string, fc.Arbitrary<Attack>][] {
  if (!op.body?.mediaType.startsWith('multipart/')) return [];
  const csv = Buffer.from('student_id,hours_studied\nSTU1,abc\n');
  const cases: [string, Attack['parts']][] = [
    ['file sent as a text field', { fields: [['file', 'student_id\nSTU1']], files: [] }],
    ['file under another name', { fields: [], files: [['upload', 'a.csv', csv]] }],
    [
      'two files',
      {
        fields: [],
        files: [
          ['file', 'a.csv', csv],
          ['file', 'b.csv', csv],
        ],
      },
    ],
    [
      'prototype field',
      {
        fields: [
          ['__proto__', 'x'],
          ['constructor', 'y'],
        ],
        files: [['file', 'a.csv', csv]],
      },
    ],
    [
      'many fields',
      {
        fields: Array.from({ length: 1_200 }, (_, i): [string, string] => [`f${i}`, '1']),
        files: [],
      },
    ],
    [
      'binary file',
      { fields: [], files: [['file', 'a.csv', Buffer.from([0, 0xff, 0xfe, 0, 1, 2])]] },
    ],
    [
      'control characters in the file name',
      { fields: [], files: [['file', 'a\u0000\r\n.csv', csv]] },
    ],
  ];
  return [
    [
      'multipart:bad-parts',
      fc.constantFrom(...cases).map(([description, parts]): Attack => ({
        kind: 'multipart:bad-parts',
        description,
        path: concretePath(op),
        query: 'dry_run=true',
        headers: {},
        parts,
      })),
    ],
  ];
}

/** Every generator that applies to the operation, by kind. */
export function attacksFor(doc: OpenApiDocument, op: Operation): [string, fc.Arbitrary<Attack>][] {
  return [
    ...bodyAttacks(doc, op),
    ...headerAttacks(op),
    ...multipartAttacks(op),
    ...queryAttacks(op),
    ...pathAttacks(op),
  ];
}
