/**
 * `--generate-cli-skeleton`: botocore's ArgumentGenerator over the model. `input` gives empty values (strings "",
 * numbers 0, booleans true, one-element lists, a `KeyName` map entry); `output` names every leaf after its member
 * (and list members after their shape), as the stubbed call of the real CLI prints it.
 *
 * Deviation: botocore picks a *random* enum value for input skeletons; we take the first, so output is stable.
 */
import { members, shapeOf, type NamedShape, type ServiceModel } from './model.js';
import { pyJsonDumps, PyFloat, type PyDict, type PyValue } from './python.js';

export function generateSkeleton(model: ServiceModel, shape: NamedShape, useMemberNames: boolean): PyValue {
  const stack: string[] = [];
  const gen = (s: NamedShape, name: string): PyValue => {
    stack.push(s.name);
    try {
      switch (s.type) {
        case 'structure': {
          if (stack.filter((n) => n === s.name).length > 1) return {};
          const out: PyDict = {};
          for (const [m, ms] of members(model, s)) out[m] = gen(ms, m);
          return out;
        }
        case 'list': {
          const ms = shapeOf(model, s.member!);
          return [gen(ms, useMemberNames ? ms.name : '')];
        }
        case 'map':
          return { KeyName: gen(shapeOf(model, s.value!), '') };
        case 'string':
          if (useMemberNames) return name;
          return s.enum?.length ? s.enum[0] : '';
        case 'integer':
        case 'long':
          return 0;
        case 'float':
        case 'double':
          return new PyFloat(0);
        case 'boolean':
          return true;
        case 'timestamp':
          return '1970-01-01T00:00:00';
        default:
          return null;
      }
    } finally {
      stack.pop();
    }
  };
  return gen(shape, '');
}

export function inputSkeletonJson(model: ServiceModel, shape: NamedShape | undefined): string {
  const skel = shape ? generateSkeleton(model, shape, false) : {};
  return pyJsonDumps(skel, { indent: 4, ensureAscii: false }) + '\n';
}

function yamlScalar(v: PyValue): string {
  if (v === '') return "''";
  if (v === true) return 'true';
  if (v === null) return 'null';
  if (v instanceof PyFloat) return '0.0';
  if (typeof v === 'string' && /^\d{4}-/.test(v)) return v;
  return String(v);
}

/**
 * `yaml-input`: the skeleton as YAML. The real CLI annotates each member with the first sentence of its
 * documentation; the committed model carries no documentation, so only `# [REQUIRED]` is written.
 */
export function inputSkeletonYaml(model: ServiceModel, shape: NamedShape | undefined): string {
  if (!shape) return '{}\n';
  const lines: string[] = [];
  const walk = (s: NamedShape, v: PyValue, indent: number, stack: string[]) => {
    const pad = ' '.repeat(indent);
    if (s.type === 'structure' && v && typeof v === 'object' && !Array.isArray(v)) {
      const required = new Set(s.required ?? []);
      for (const [m, ms] of members(model, s)) {
        if (!(m in (v as PyDict))) continue;
        const x = (v as PyDict)[m];
        const note = required.has(m) ? ' # [REQUIRED]' : '';
        if (ms.type === 'structure' && x && typeof x === 'object' && Object.keys(x).length) {
          lines.push(`${pad}${m}:${note}`);
          walk(ms, x, indent + 2, [...stack, ms.name]);
        } else if (ms.type === 'list' && Array.isArray(x)) {
          lines.push(`${pad}${m}:${note}`);
          const member = shapeOf(model, ms.member!);
          const el = x[0];
          if (member.type === 'structure' && el && typeof el === 'object' && Object.keys(el).length) {
            const sub: string[] = [];
            const saved = lines.length;
            walk(member, el, indent + 2, stack);
            sub.push(...lines.splice(saved));
            lines.push(...sub.map((l, i) => (i === 0 ? `${pad}- ${l.slice(indent + 2)}` : l)));
          } else lines.push(`${pad}- ${yamlScalar(el)}`);
        } else if (ms.type === 'map' && x && typeof x === 'object') {
          lines.push(`${pad}${m}:${note}`);
          lines.push(`${pad}  KeyName: ${yamlScalar((x as PyDict).KeyName)}`);
        } else {
          lines.push(`${pad}${m}: ${x && typeof x === 'object' ? '{}' : yamlScalar(x)}${note}`);
        }
      }
    }
  };
  walk(shape, generateSkeleton(model, shape, false), 0, [shape.name]);
  return lines.join('\n') + '\n';
}
