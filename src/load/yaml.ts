import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import type { Problem } from '../types.js';
import { didYouMean } from './suggest.js';
import { plural } from '../format.js';

export type Path = readonly PropertyKey[];

/** A parsed YAML file that can point at any path in it. */
export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
}

/** `prepare` may change how scalars read (e.g. keep fixed text as written) before the data is made. */
export function parseYaml(text: string, file: string, prepare?: (doc: Document.Parsed) => void): { yaml?: YamlFile; problems: Problem[] } {
  const lines = new LineCounter();
  // prettyErrors off: its code frame spans several lines, and a problem is one line.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e): Problem => {
      const { line, col } = lines.linePos(e.pos[0]);
      if (e.code === 'DUPLICATE_KEY') {
        // yaml points at the key's first character only; the key runs to its colon.
        const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(text.slice(e.pos[0]))?.[1].replace(/^["']|["']$/g, '') ?? '';
        return { file, line, column: col, message: `YAML: key "${key}" appears twice in the same map`, hint: 'remove or rename one of them', severity: 'error' };
      }
      const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { file, line, column: col, message: `YAML: ${what}`, hint: 'check the indentation and quoting here', severity: 'error' };
    });
    return { problems };
  }
  prepare?.(doc);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { problems: [{ file, line: 1, column: 1, message: `YAML: ${(e as Error).message}`, severity: 'error' }] };
  }
  return { yaml: { file, doc, lines, data }, problems: [] };
}

/** `indicators[3].unit` */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '(top level)';
}

/**
 * The line and column of the deepest node that exists along `path` (a missing key points at its
 * parent map); with `key`, the key of the last entry rather than its value.
 */
export function locate(y: YamlFile, path: Path, key = false): { line: number; column: number } {
  let node: unknown = y.doc.contents;
  let at: Node | null | undefined = y.doc.contents as Node | null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair) {
        const last = i === path.length - 1;
        next = last && key ? pair.key : pair.value ?? pair.key;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (!next || !(next as Node).range) break;
    node = next;
    at = next as Node;
  }
  const offset = at?.range?.[0] ?? 0;
  const { line, col } = y.lines.linePos(offset);
  return { line, column: col };
}

export function problemAt(y: YamlFile, path: Path, what: string, hint?: string, severity: Problem['severity'] = 'error', key = false): Problem {
  return { file: y.file, ...locate(y, path, key), message: `${formatPath(path)}: ${what}`, ...(hint ? { hint } : {}), severity };
}

/** The value at `path` in the parsed data (for messages that quote what was written). */
export function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** A schema with its wrappers (optional, default, pipe, …) taken off, through zod's public API. */
function bare(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodReadonly || s instanceof z.ZodCatch) {
    return bare(s.unwrap() as z.ZodType);
  }
  if (s instanceof z.ZodPipe) return bare(s.in as z.ZodType);
  return s;
}

/** The schemas one step down `seg` (several where a union allows several shapes). */
function child(s: z.ZodType, seg: PropertyKey): z.ZodType[] {
  const b = bare(s);
  if (b instanceof z.ZodObject) {
    const next = (b.shape as Record<string, z.ZodType>)[String(seg)];
    return next ? [next] : [];
  }
  if (b instanceof z.ZodArray) return [b.element as z.ZodType];
  if (b instanceof z.ZodRecord) return [b.valueType as z.ZodType];
  if (b instanceof z.ZodUnion) return (b.options as z.ZodType[]).flatMap((o) => child(o, seg));
  return [];
}

/** The keys an object schema allows at `path`, for "did you mean" on unknown keys. */
function keysAt(schema: z.ZodType, path: Path): string[] {
  let at: z.ZodType[] = [schema];
  for (const seg of path) at = at.flatMap((s) => child(s, seg));
  const keys = new Set<string>();
  for (const s of at) {
    const b = bare(s);
    const objects = b instanceof z.ZodUnion ? (b.options as z.ZodType[]).map(bare) : [b];
    for (const o of objects) if (o instanceof z.ZodObject) for (const k of Object.keys(o.shape)) keys.add(k);
  }
  return [...keys];
}

function describe(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  // One readable line: a long or binary value (a file that is not YAML text) is cut short.
  if (typeof v === 'string') {
    const printable = v.replace(/[^\x20-\x7e\u00a0-\u024f\u2000-\u206f]/g, '?');
    return printable.length > 60 ? `"${printable.slice(0, 57)}…"` : `"${printable}"`;
  }
  return String(v);
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
  tuple: 'a list',
};

/** zod issues → located problems in plain words. */
export function zodProblems(y: YamlFile, error: z.ZodError, schema: z.ZodType): Problem[] {
  return issueProblems(y, error.issues, schema, []);
}

function issueProblems(y: YamlFile, issues: readonly z.core.$ZodIssue[], schema: z.ZodType, prefix: PropertyKey[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PropertyKey[])];
    // Either-or shapes (a name, or a map): the problems are those of the shape that was meant,
    // the one whose type matched, rather than zod's "Invalid input".
    if (issue.code === 'invalid_union') {
      const meant = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (meant.length === 1) {
        out.push(...issueProblems(y, meant[0], schema, path));
        continue;
      }
    }
    const input = 'input' in issue ? issue.input : valueAt(y.data, path);
    const last = path.length ? String(path[path.length - 1]) : '';
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = keysAt(schema, path);
        for (const k of issue.keys) {
          const hint = didYouMean(k, known) ?? (known.length ? `expected one of ${known.join(', ')}` : undefined);
          out.push(problemAt(y, [...path, k], 'unknown key', hint, 'error', true));
        }
        break;
      }
      case 'invalid_type':
        if (input === undefined) out.push(problemAt(y, path, 'is missing', `add "${last}:" here`));
        else out.push(problemAt(y, path, `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(input)}`));
        break;
      case 'invalid_value': {
        const values = issue.values.map(String);
        const noun = typeof path[path.length - 1] === 'string' ? last.replace(/_/g, ' ') : 'value';
        const hint = typeof input === 'string' ? didYouMean(input, values) : undefined;
        out.push(problemAt(y, path, `${describe(input)} is not a ${noun}; expected one of ${values.join(', ')}`, hint));
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const word = issue.code === 'too_small' ? 'at least' : 'at most';
        const what =
          issue.origin === 'array'
            ? `must have ${word} ${plural(Number(bound), 'item')}`
            : issue.origin === 'string'
              ? bound === 1 && issue.code === 'too_small'
                ? 'must not be empty'
                : `must be ${word} ${bound} characters`
              : `${describe(input)} must be ${word} ${bound}`;
        out.push(problemAt(y, path, what));
        break;
      }
      default:
        out.push(problemAt(y, path, issue.message));
    }
  }
  return out;
}

/** Parse text as YAML and check it against a schema: the value, or located problems. */
export function parseYamlWith<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  prepare?: (doc: Document.Parsed) => void,
): { yaml?: YamlFile; value?: z.output<S>; problems: Problem[] } {
  const { yaml, problems } = parseYaml(text, file, prepare);
  if (!yaml) return { problems };
  const res = schema.safeParse(yaml.data ?? {}, { reportInput: true });
  if (!res.success) return { yaml, problems: zodProblems(yaml, res.error, schema) };
  return { yaml, value: res.data, problems: [] };
}
