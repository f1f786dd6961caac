/**
 * The usage texts of `cognate` and `cognate serve`. Every `cognate serve` flag and environment variable that
 * src/config reads is listed here (test/cli/usage.test.ts checks this against the config module's own tables
 * and against the README's configuration table, so a new option cannot stay undocumented).
 */
export const MAIN_USAGE = `usage: cognate <command> [options]

commands:
  serve               run the Cognito-compatible server (default http://127.0.0.1:9229, data in ./.cognate)
  cognito-idp <op>    the AWS CLI's cognito-idp commands (e.g. set-user-mfa-preference); \`cognate cognito-idp help\`
  outbox              the SMS and email messages cognate recorded instead of sending
  triggers            the Lambda trigger invocations cognate recorded (events, answers, errors)
  totp <secret>       the current (or, with --next, the next) code of a TOTP secret

  cognate <command> --help   usage of one command
  cognate --version          version
`;

export const SERVE_USAGE = `usage: cognate serve [options]

Runs the Cognito-compatible server. Each option can also be set by an environment variable (flags win over the
environment, which wins over --config FILE, which wins over the defaults).

options:
  --port N                 port to listen on, 0 = any free port (printed at start)   COGNATE_PORT     (9229)
  --host H                 address to listen on; non-loopback needs access keys      COGNATE_HOST     (127.0.0.1)
  --data DIR               data folder: SQLite file, generated master key            COGNATE_DATA     (./.cognate)
  --region R               region of pool ids and ARNs                               COGNATE_REGION   (us-east-1)
  --store sqlite|postgres://…  where data is kept                                    COGNATE_STORE    (sqlite)
  --durability normal|full SQLite synchronous mode                                   COGNATE_DURABILITY (normal)
  --public-url URL         base URL of token issuers and JWKS (behind a proxy)       COGNATE_PUBLIC_URL (the bound URL)
  --tls                    HTTPS; without --tls-cert/--tls-key a self-signed         COGNATE_TLS (off)
                           certificate made once in DIR/tls (path and SHA-256 printed)
  --tls-cert FILE          PEM certificate (chain) for HTTPS; implies --tls          COGNATE_TLS_CERT
  --tls-key FILE           PEM private key of --tls-cert                             COGNATE_TLS_KEY
  --workers N              N processes sharing one port                              COGNATE_WORKERS  (1)
  --log-level L            debug|info|warn|error; info logs one line per request     COGNATE_LOG_LEVEL (info)
                           (operation, status, duration; never a token, code or password)
  --store-timeout-ms N     how long one store query may wait (locks included)        COGNATE_STORE_TIMEOUT_MS (5000)
  --cors-origins O,O       web origins answered with CORS (* = any); admin calls     COGNATE_CORS_ORIGINS (*)
                           and /_cognate/* only for origins listed by name
  --quotas on|off|auto     request-rate quotas per operation category               COGNATE_QUOTAS (auto: on
                           (TooManyRequestsException); auto: on with access keys     with access keys)
  --quota-limits C=N,C=N   requests per second per category, e.g.                    COGNATE_QUOTA_LIMITS
                           UserAuthentication=500 (default: Cognito's quotas)        (Cognito's)
  --functions MAP          where Lambda triggers' functions run: name=module:./f.mjs, COGNATE_FUNCTIONS
                           name=url:http://…, name=lambda:[endpoint] (comma-separated; (none)
                           or a JSON object); docs/triggers.md
  --function-timeout-ms N  how long a trigger's function may run                     COGNATE_FUNCTION_TIMEOUT_MS (5000)
  --sender-keys K=KEY,…    base64 AES-256 key per KMSKeyID (or *) for the codes of    COGNATE_SENDER_KEYS
                           custom sender triggers; docs/triggers.md                  (none)
  --config FILE            JSON file with the same keys (camelCase) plus accessKeys   COGNATE_CONFIG
  -h, --help               this text

environment only:
  COGNATE_ACCESS_KEYS=id:secret[,id:secret]   access keys that may sign admin calls (default: none, loopback only)
  COGNATE_MASTER_KEY       base64 32-byte key sealing secrets at rest (default: generated into the data folder)
  COGNATE_ACCOUNT_ID       account id in ARNs (000000000000)
  AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL   the Lambda Invoke API of functions mapped to lambda: without an endpoint
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   keys Invoke API calls are signed with
  COGNATE_CHECK_MODELLED_ERRORS=1  development and tests: an error the operation's model does not list is answered
                           as a 500 naming it (default: off)
`;
