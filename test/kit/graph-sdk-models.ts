/**
 * Microsoft's generated Graph models (devDependencies @microsoft/msgraph-sdk for v1.0 and
 * @microsoft/msgraph-beta-sdk for beta) as the Graph conformance test uses them: a JSON
 * value is parsed with Kiota's JSON parse node and the model's own factory, and every
 * property the model does not know (outside `@odata.*`) or cannot read (a value outside
 * its enum, a wrong type) is reported; the values the model's documentation lists for a
 * string property, and which properties are relationships ($expand), are read from the
 * model's own doc comments. Test support only: the app never imports it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Parsable, ParsableFactory } from '@microsoft/kiota-abstractions';
import { JsonParseNode } from '@microsoft/kiota-serialization-json';
import type { SdkVersion } from './graph-uri-templates';

const PACKAGE: Record<SdkVersion, string> = { 'v1.0': '@microsoft/msgraph-sdk', beta: '@microsoft/msgraph-beta-sdk' };

export interface SdkModels {
  readonly version: SdkVersion;
  /** Every property of `json` (recursively) that model `model` does not know or cannot read, as `$.a.b: why`. */
  findings(model: string, json: unknown, where?: string): string[];
  /** Graph's error body (ODataError), which every error answer must fit. */
  errorFindings(json: unknown): string[];
  /** The values the model's documentation gives for a string property ("Possible values: A, B, C."). */
  documentedValues(model: string, property: string): string[];
  /** A relationship, which Graph returns only when $expand names it: its documentation says "Supports $expand". */
  isRelationship(model: string, property: string): boolean;
}

type Factories = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kiota names a JSON key like "client-request-id" clientRequestId on the model, and a reserved word like "error" errorEscaped. */
const modelKeys = (jsonKey: string): string[] => {
  const camel = jsonKey.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return [jsonKey, camel, `${camel}Escaped`];
};

function factoryOf(module: Factories, model: string): ParsableFactory<Parsable> {
  const factory = module[`create${model}FromDiscriminatorValue`];
  if (typeof factory !== 'function') throw new Error(`the SDK has no model named ${model}`);
  return factory as ParsableFactory<Parsable>;
}

/** Walks the raw JSON beside what Kiota made of it. */
function compare(raw: unknown, parsed: unknown, where: string, out: string[]): void {
  if (Array.isArray(raw)) {
    raw.forEach((item, i) => compare(item, Array.isArray(parsed) ? (parsed as unknown[])[i] : undefined, `${where}[${i}]`, out));
    return;
  }
  if (!isRecord(raw)) return;
  const model = isRecord(parsed) ? parsed : {};
  const unknown = isRecord(model['additionalData']) ? model['additionalData'] : {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('@odata.')) continue;
    const at = `${where}.${key}`;
    if (key in unknown) {
      out.push(`${at}: not in the model`);
      continue;
    }
    if (value === null) continue;
    const read = modelKeys(key)
      .map((k) => model[k])
      .find((v) => v !== undefined && v !== null);
    if (read === undefined || read === null || (read instanceof Date && Number.isNaN(read.getTime()))) {
      out.push(`${at}: ${JSON.stringify(value)} is not a value the model can read (type or enum)`);
      continue;
    }
    if (typeof value === 'object') compare(value, read, at, out);
  }
}

/** Parses with Kiota and the factory, then lists what the model did not take. */
function findingsWith(factory: ParsableFactory<Parsable>, json: unknown, where: string): string[] {
  if (!isRecord(json)) return [`${where}: expected a JSON object, got ${JSON.stringify(json)}`];
  const parsed: unknown = new JsonParseNode(json).getObjectValue(factory);
  const out: string[] = [];
  compare(json, parsed, where, out);
  return out;
}

/** "Possible values: InProgress, Initializing, Completed, Expired. Read-only." → the four names. */
export function valuesFromDoc(doc: string): string[] {
  const m = /(?:possible values(?: include| are)?|the possible values are)\s*:?\s*(.+?)\.(?:\s|$)/i.exec(doc);
  if (!m?.[1]) return [];
  return m[1]
    .split(',')
    .map((v) => v.trim().replace(/^and\s+/, '').replace(/^`|`$/g, ''))
    .filter((v) => /^[A-Za-z][A-Za-z0-9]*$/.test(v));
}

/** The doc comment of `property` in `export interface Model …` of the SDK's declarations (own or inherited by name). */
function docComment(declarations: string, model: string, property: string): string | null {
  const start = declarations.indexOf(`export interface ${model} `);
  if (start < 0) return null;
  const end = declarations.indexOf('\n}\n', start);
  const body = declarations.slice(start, end);
  const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*${property}\\?:`).exec(body);
  if (m?.[1]) return m[1].replace(/^\s*\*\s?/gm, ' ');
  // Not declared here: look in the interfaces it extends (e.g. Request for a schedule request's status).
  const parents = /extends ([^{]+)\{/.exec(body)?.[1]?.split(',').map((p) => p.trim()) ?? [];
  for (const parent of parents) {
    const found = parent === 'Parsable' || parent === 'AdditionalDataHolder' || parent === 'BackedModel' ? null : docComment(declarations, parent, property);
    if (found) return found;
  }
  return null;
}

export async function loadSdkModels(version: SdkVersion): Promise<SdkModels> {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve(`${PACKAGE[version]}/package.json`));
  const load = async (file: string): Promise<Factories> => (await import(pathToFileURL(path.join(root, file)).href)) as Factories;
  const [models, errors, declarations] = await Promise.all([load('models/index.js'), load('models/oDataErrors/index.js'), readFile(path.join(root, 'models/index.d.ts'), 'utf8')]);
  return {
    version,
    findings: (model, json, where = '$') => findingsWith(factoryOf(models, model), json, where),
    errorFindings: (json) => findingsWith(factoryOf(errors, 'ODataError'), json, '$'),
    documentedValues(model, property) {
      const doc = docComment(declarations, model, property);
      if (!doc) throw new Error(`${version} ${model}.${property} has no documentation in the SDK`);
      return valuesFromDoc(doc);
    },
    isRelationship: (model, property) => /Supports \$expand/.test(docComment(declarations, model, property) ?? ''),
  };
}
