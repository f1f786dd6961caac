/** The CLI's building blocks: Python fingerprints, shorthand, validation, output layouts, pagination. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, shapeOf, xformName } from '../../src/cli/aws/model.js';
import { pyJsonDumps, pyJsonLoads, PyFloat, pyFloatRepr, pyStr } from '../../src/cli/aws/python.js';
import { ShorthandParser, applyShorthandTypes } from '../../src/cli/aws/shorthand.js';
import { validateParams } from '../../src/cli/aws/validate.js';
import { formatTable, formatText, formatYaml, formatYamlStream } from '../../src/cli/aws/output.js';
import { runCognitoIdp } from '../../src/cli/aws/index.js';
import { startCannedServer, type CannedServer } from './canned-server.js';
import { Capture } from './harness.js';

const model = loadModel();
const parse = (s: string) => new ShorthandParser(() => undefined).parse(s);

test('kebab-case names follow botocore xform_name', () => {
  assert.equal(xformName('SetUserMFAPreference'), 'set-user-mfa-preference');
  assert.equal(xformName('SMSMfaSettings'), 'sms-mfa-settings');
  assert.equal(xformName('AllowedOAuthFlowsUserPoolClient'), 'allowed-o-auth-flows-user-pool-client');
  assert.equal(xformName('CallbackURLs'), 'callback-urls');
  assert.equal(xformName('WebAuthnMfaSettings'), 'web-authn-mfa-settings');
});

test('Python json.dumps: separators, \\u escapes, floats; json.loads error texts', () => {
  assert.equal(pyJsonDumps({ a: 'd\u00e9f', b: [1, new PyFloat(1), true, null], c: {} }), '{"a": "d\\u00e9f", "b": [1, 1.0, true, null], "c": {}}');
  assert.equal(pyJsonDumps({ a: [1] }, { indent: 4 }), '{\n    "a": [\n        1\n    ]\n}');
  assert.equal(pyFloatRepr(1e16), '1e+16');
  assert.equal(pyFloatRepr(0.0001), '0.0001');
  assert.equal(pyFloatRepr(0.00001), '1e-05');
  assert.equal(pyFloatRepr(123.456), '123.456');
  assert.throws(() => pyJsonLoads('{"Enabled":true'), { message: "Expecting ',' delimiter: line 1 column 16 (char 15)" });
  assert.throws(() => pyJsonLoads('{"a":1,}'), { message: 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)' });
  assert.throws(() => pyJsonLoads('{"a":\n  x}'), { message: 'Expecting value: line 2 column 3 (char 8)' });
  assert.throws(() => pyJsonLoads('{} x'), { message: 'Extra data: line 1 column 4 (char 3)' });
  assert.equal(pyStr(Buffer.from("a'\n")), 'b"a\'\\n"');
});

test('shorthand grammar: csv backtracking, lists, hashes, quotes, escaped commas, whitespace', () => {
  assert.deepEqual(parse('a=b,c=d'), { a: 'b', c: 'd' });
  assert.deepEqual(parse('a=b,c,d=e'), { a: ['b', 'c'], d: 'e' });
  assert.deepEqual(parse('a=[b,c],d={e=f,g=[h]}'), { a: ['b', 'c'], d: { e: 'f', g: ['h'] } });
  assert.deepEqual(parse("a='x,y',b=\"q\\\"r\""), { a: 'x,y', b: 'q"r' });
  assert.deepEqual(parse('a=x\\,y'), { a: 'x,y' });
  assert.deepEqual(parse('a = b=c ,  d =e '), { a: 'b=c', d: 'e' });
  assert.deepEqual(parse('Name=email,Value=a@b.c'), { Name: 'email', Value: 'a@b.c' });
  assert.throws(() => parse('a=b,'), { message: "Expected: '<second>', received: '<none>' for input:\n a=b,\n    ^" });
  assert.throws(() => parse('a=1,a=2'), /Second instance of key "a" encountered for input:\na=1,a=2\n    \^/);
});

test('shorthand types by the model: booleans only true/false, ints, lists wrapped', () => {
  const attrs = shapeOf(model, 'AttributeListType');
  const parsed = [parse('Name=email,Value=a@b.c')];
  applyShorthandTypes(model, attrs, parsed);
  assert.deepEqual(parsed, [{ Name: 'email', Value: 'a@b.c' }]);
  const sms = shapeOf(model, 'SMSMfaSettingsType');
  const v = parse('Enabled=TRUE,PreferredMfa=yes');
  applyShorthandTypes(model, sms, v);
  assert.deepEqual(v, { Enabled: true, PreferredMfa: 'yes' });
  const schema = shapeOf(model, 'SchemaAttributeType');
  const s = parse('Name=x,NumberAttributeConstraints={MinValue=1}');
  applyShorthandTypes(model, schema, s);
  assert.deepEqual(s, { Name: 'x', NumberAttributeConstraints: { MinValue: '1' } });
});

test('validation: every problem listed, model-order names, min lengths and values', () => {
  const input = shapeOf(model, 'ListUsersRequest');
  assert.deepEqual(validateParams(model, input, { UserPoolId: '', Limit: -1, Bogus: 1 }), [
    'Unknown parameter in input: "Bogus", must be one of: UserPoolId, AttributesToGet, Limit, PaginationToken, Filter',
    'Invalid length for parameter UserPoolId, value: 0, valid min length: 1',
    'Invalid value for parameter Limit, value: -1, valid min value: 0',
  ]);
  assert.deepEqual(validateParams(model, input, { Limit: 'x' }), [
    'Missing required parameter in input: "UserPoolId"',
    "Invalid type for parameter Limit, value: x, type: <class 'str'>, valid types: <class 'int'>",
  ]);
});

test('output layouts: text of nested lists, table vertical conversion on narrow terminals, yaml quoting', () => {
  assert.equal(formatText({ A: [[1, 2], 3] }), 'A\t3\nA\t1\nA\t2\n');
  const wide = { Alpha: 'a'.repeat(30), Beta: 'b'.repeat(30), Gamma: 'c'.repeat(30) };
  const narrow = formatTable(wide, { title: 'T', color: false, terminalWidth: 40 });
  assert.match(narrow, /^\|  Alpha\|  a{30}   \|$/m);
  assert.equal(formatYaml({ b: 'yes', a: '1.5', c: 'x: y', d: '' }), "a: '1.5'\nb: yes\nc: 'x: y'\nd: ''\n");
  // a lone scalar is written as JSON, without a document-end marker (issue 20)
  assert.equal(formatYaml(null), 'null\n');
  assert.equal(formatYaml('frank'), '"frank"\n');
  assert.equal(formatYamlStream([{}]), '');
});

// ------------------------------------------------------------------ pagination
let server: CannedServer;
const USERS = [1, 2, 3, 4, 5].map((n) => ({ Username: `u${n}`, Enabled: true, UserStatus: 'CONFIRMED' }));

before(async () => {
  server = await startCannedServer();
  server.responders.push((req, body, res) => {
    if (!String(req.headers['x-amz-target']).endsWith('.ListUsers')) return false;
    const p = JSON.parse(body) as { PaginationToken?: string; Limit?: number };
    const start = p.PaginationToken ? Number(p.PaginationToken.slice(1)) - 1 : 0;
    const size = p.Limit ?? 2;
    const page = USERS.slice(start, start + size);
    const next = start + size < USERS.length ? `p${start + size + 1}` : undefined;
    const out = JSON.stringify({ Users: page, ...(next ? { PaginationToken: next } : {}) });
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': String(Buffer.byteLength(out)) });
    res.end(out);
    return true;
  });
});
after(() => server.close());

async function cli(args: string[]) {
  server.reset();
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCognitoIdp([...args, '--endpoint-url', server.url, '--region', 'us-east-1'], {
    stdout,
    stderr,
    env: { HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    programName: 'aws',
  });
  return { code, out: stdout.text(), err: stderr.text(), bodies: server.log.map((r) => r.body) };
}

test('pagination: all pages, result keys only, signed requests', async () => {
  const r = await cli(['list-users', '--user-pool-id', 'p', '--query', 'Users[].Username', '--output', 'text']);
  assert.equal(r.code, 0, r.err);
  // text output applies --query to each page (botocore's TextFormatter), so one line per page
  assert.equal(r.out, 'u1\tu2\nu3\tu4\nu5\n');
  assert.deepEqual(r.bodies, ['{"UserPoolId": "p"}', '{"UserPoolId": "p", "PaginationToken": "p3"}', '{"UserPoolId": "p", "PaginationToken": "p5"}']);
  assert.ok(server.log.every((x) => x.rawHeaders.some(([k]) => k === 'Authorization')));
  const json = await cli(['list-users', '--user-pool-id', 'p']);
  assert.deepEqual(Object.keys(JSON.parse(json.out)), ['Users']);
});

test('pagination: --max-items returns a resume token that --starting-token continues from', async () => {
  const first = await cli(['list-users', '--user-pool-id', 'p', '--max-items', '3']);
  const out = JSON.parse(first.out) as { Users: { Username: string }[]; NextToken: string };
  assert.deepEqual(out.Users.map((u) => u.Username), ['u1', 'u2', 'u3']);
  assert.equal(Buffer.from(out.NextToken, 'base64').toString(), '{"PaginationToken": "p3", "boto_truncate_amount": 1}');
  const rest = await cli(['list-users', '--user-pool-id', 'p', '--starting-token', out.NextToken]);
  assert.deepEqual((JSON.parse(rest.out) as { Users: { Username: string }[] }).Users.map((u) => u.Username), ['u4', 'u5']);
});

test('pagination: --page-size sets the limit key; --no-paginate and manual tokens give one page', async () => {
  const sized = await cli(['list-users', '--user-pool-id', 'p', '--page-size', '4']);
  assert.deepEqual(sized.bodies, ['{"UserPoolId": "p", "Limit": 4}', '{"UserPoolId": "p", "Limit": 4, "PaginationToken": "p5"}']);
  const single = await cli(['list-users', '--user-pool-id', 'p', '--no-paginate']);
  assert.equal(single.bodies.length, 1);
  assert.equal((JSON.parse(single.out) as { PaginationToken: string }).PaginationToken, 'p3');
  const manual = await cli(['list-users', '--user-pool-id', 'p', '--pagination-token', 'p3']);
  assert.equal(manual.bodies.length, 1);
  const clash = await cli(['list-users', '--user-pool-id', 'p', '--no-paginate', '--max-items', '2']);
  assert.equal(clash.code, 252);
  assert.match(clash.err, /Cannot specify --no-paginate along with pagination arguments: --max-items/);
});

test('generic operations: booleans as --x/--no-x, lists of scalars and of structures, help from the model', async () => {
  const r = await cli(['admin-update-user-attributes', '--user-pool-id', 'p', '--username', 'u', '--user-attributes', 'Name=email,Value=a@b.c', 'Name=name,Value=A']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.bodies[0], '{"UserPoolId": "p", "Username": "u", "UserAttributes": [{"Name": "email", "Value": "a@b.c"}, {"Name": "name", "Value": "A"}]}');
  const b = await cli(['create-user-pool-client', '--user-pool-id', 'p', '--client-name', 'c', '--no-generate-secret', '--explicit-auth-flows', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  assert.equal(b.bodies[0], '{"UserPoolId": "p", "ClientName": "c", "GenerateSecret": false, "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}');
  const help = new Capture();
  assert.equal(await runCognitoIdp(['set-user-mfa-preference', 'help'], { stdout: help, stderr: new Capture(), env: {} }), 0);
  assert.match(help.text(), /SYNOPSIS[\s\S]*\n {10}--access-token <value>\n/);
  assert.match(help.text(), /--sms-mfa-settings \(structure\)[\s\S]*Shorthand Syntax:\s+Enabled=boolean,PreferredMfa=boolean/);
});

test('--query errors carry Python jmespath layouts (checked against the real CLI)', async () => {
  const r = await cli(['get-user', '--access-token', 't', '--query', 'a b']);
  assert.equal(r.code, 252);
  assert.equal(
    r.err,
    '\naws: [ERROR]: An error occurred (ParamValidation): Bad value for --query a b: Unexpected token: b: Parse error at column 2, token "b" (UNQUOTED_IDENTIFIER), for expression:\n"a b"\n   ^\n',
  );
  assert.equal(r.bodies.length, 0, 'nothing is sent');
});
