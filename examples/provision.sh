#!/usr/bin/env bash
# Provisions a complete user pool with AWS CLI calls — the same script for Amazon Cognito and for cognate:
# a pool with tags, a custom attribute schema, a password policy and TOTP MFA; a prefix domain; a resource server
# with custom scopes; a web client and a machine-to-machine client with two secrets; groups; branding (the classic
# hosted UI's CSS and logo for the whole pool, and a managed-login branding style with settings and an asset for the
# web client); a user import from a CSV file. It then prints (or, with OUT set, saves) the describe-* output of
# everything it made.
#
#   CLI='aws cognito-idp'     examples/provision.sh --endpoint-url http://127.0.0.1:9229   # the AWS CLI
#   CLI='cognate cognito-idp' examples/provision.sh --endpoint-url http://127.0.0.1:9229   # cognate's own CLI
#   CLI='aws cognito-idp'     examples/provision.sh --region eu-west-1                     # real Cognito
#
# Every argument is passed to every call (--endpoint-url, --region, --profile, …). Environment:
#   CLI            the command that runs cognito-idp operations (default: aws cognito-idp)
#   NEW_CLI        the command for operations newer than some AWS CLI versions know (default: cognate cognito-idp):
#                  the managed-login branding operations (late 2024) and AddUserPoolClientSecret /
#                  ListUserPoolClientSecrets (2025) came after e.g. Debian 12's aws-cli 2.9.19, so those steps
#                  always go through NEW_CLI (any current `aws cognito-idp` does too)
#   POOL_NAME      default: provisioned
#   DOMAIN_PREFIX  the domain prefix, unique across the region on Cognito (default: provisioned-<random>)
#   OUT            a folder: each describe-* answer is saved there as <command>.json instead of printed
#
# Needs bash and curl (the CSV upload); the AWS credentials the CLI uses (for cognate any well-formed ones, e.g.
# AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret AWS_DEFAULT_REGION=us-east-1).
set -euo pipefail

read -r -a IDP <<<"${CLI:-aws cognito-idp}"
read -r -a NEW_IDP <<<"${NEW_CLI:-cognate cognito-idp}"
COMMON=("$@")
POOL_NAME=${POOL_NAME:-provisioned}
DOMAIN_PREFIX=${DOMAIN_PREFIX:-provisioned-$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 8 || true)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

idp() { "${IDP[@]}" "$@" "${COMMON[@]}"; }
new_idp() { "${NEW_IDP[@]}" "$@" "${COMMON[@]}"; }
say() { printf '== %s\n' "$*" >&2; }

say "user pool with tags, schema, password policy"
POOL=$(idp create-user-pool --pool-name "$POOL_NAME" \
  --user-pool-tags team=identity,environment=dev \
  --auto-verified-attributes email \
  --schema Name=email,AttributeDataType=String,Required=true,Mutable=true \
           Name=tenant,AttributeDataType=String,Mutable=true,StringAttributeConstraints='{MinLength=1,MaxLength=64}' \
           Name=level,AttributeDataType=Number,Mutable=true,NumberAttributeConstraints='{MinValue=0,MaxValue=10}' \
  --policies 'PasswordPolicy={MinimumLength=12,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,RequireSymbols=false,TemporaryPasswordValidityDays=3}' \
  --admin-create-user-config AllowAdminCreateUserOnly=true \
  --query UserPool.Id --output text)

say "MFA: optional, TOTP"
idp set-user-pool-mfa-config --user-pool-id "$POOL" --mfa-configuration OPTIONAL \
  --software-token-mfa-configuration Enabled=true >/dev/null

say "domain $DOMAIN_PREFIX"
idp create-user-pool-domain --user-pool-id "$POOL" --domain "$DOMAIN_PREFIX" >/dev/null

say "resource server with custom scopes"
API=https://api.example.com
idp create-resource-server --user-pool-id "$POOL" --identifier "$API" --name "Example API" \
  --scopes ScopeName=orders.read,ScopeDescription="Read orders" ScopeName=orders.write,ScopeDescription="Create orders" >/dev/null

say "clients: a web client (authorization code) and a machine-to-machine client (client credentials)"
WEB=$(idp create-user-pool-client --user-pool-id "$POOL" --client-name web \
  --explicit-auth-flows ALLOW_USER_SRP_AUTH ALLOW_REFRESH_TOKEN_AUTH \
  --allowed-o-auth-flows-user-pool-client --allowed-o-auth-flows code \
  --allowed-o-auth-scopes openid email "$API/orders.read" \
  --callback-urls https://app.example.com/callback --logout-urls https://app.example.com/ \
  --supported-identity-providers COGNITO \
  --query UserPoolClient.ClientId --output text)
M2M=$(idp create-user-pool-client --user-pool-id "$POOL" --client-name m2m --generate-secret \
  --allowed-o-auth-flows-user-pool-client --allowed-o-auth-flows client_credentials \
  --allowed-o-auth-scopes "$API/orders.read" "$API/orders.write" \
  --query UserPoolClient.ClientId --output text)

say "a second secret for the m2m client, for rotation (through ${NEW_IDP[*]}: newer than some AWS CLIs)"
new_idp add-user-pool-client-secret --user-pool-id "$POOL" --client-id "$M2M" >/dev/null

say "groups"
idp create-group --user-pool-id "$POOL" --group-name admins --description "Administrators" --precedence 1 >/dev/null
idp create-group --user-pool-id "$POOL" --group-name readers --description "Read-only users" --precedence 10 >/dev/null

say "branding: the classic hosted UI's CSS and logo for every client (ALL); it needs the domain above"
# A 1×1 PNG logo, base64 as the CLI takes blobs.
LOGO=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==
idp set-ui-customization --user-pool-id "$POOL" --client-id ALL --image-file "$LOGO" \
  --css '.banner-customizable { background-color: #232f3e; } .submitButton-customizable { background-color: #ff9900; }' >/dev/null

say "branding: a managed-login style for the web client, with settings and a form logo (through ${NEW_IDP[*]})"
printf '%s' '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#ff9900"/></svg>' >"$WORK/logo.svg"
new_idp create-managed-login-branding --user-pool-id "$POOL" --client-id "$WEB" \
  --settings '{"categories":{"global":{"colorSchemeMode":"DARK","pageHeader":{"enabled":true},"pageFooter":{"enabled":false}}},"components":{"primaryButton":{"darkMode":{"defaults":{"backgroundColor":"ff9900ff","textColor":"000000ff"}}}}}' \
  --assets "[{\"Category\":\"FORM_LOGO\",\"ColorMode\":\"DARK\",\"Extension\":\"SVG\",\"Bytes\":\"$(base64 -w0 "$WORK/logo.svg")\"}]" >/dev/null

say "user import from CSV"
# The file's columns are the pool's own (get-csv-header); each row fills the ones it knows, the rest stay empty.
IFS=$'\t' read -r -a HEADER <<<"$(idp get-csv-header --user-pool-id "$POOL" --query CSVHeader --output text)"
csv_row() {
  local -A v=([cognito:username]="$1" [email]="$2" [email_verified]=true [cognito:mfa_enabled]=false [custom:tenant]="$3" [name]="$4")
  local out=() col
  for col in "${HEADER[@]}"; do out+=("${v[$col]:-}"); done
  (IFS=,; printf '%s\n' "${out[*]}")
}
{
  (IFS=,; printf '%s\n' "${HEADER[*]}")
  csv_row ada ada@example.com acme 'Ada Lovelace'
  csv_row grace grace@example.com acme 'Grace Hopper'
  csv_row linus linus@example.com initech 'Linus Pauling'
} >"$WORK/users.csv"
read -r JOB URL < <(idp create-user-import-job --user-pool-id "$POOL" --job-name initial-users \
  --cloud-watch-logs-role-arn arn:aws:iam::123456789012:role/CognitoImportLogs \
  --query 'UserImportJob.[JobId,PreSignedUrl]' --output text)
# The pre-signed URL takes the file as is (on Cognito an S3 URL, which wants this header).
curl -sS --fail -X PUT -H 'x-amz-server-side-encryption: aws:kms' --upload-file "$WORK/users.csv" "$URL" >/dev/null
idp start-user-import-job --user-pool-id "$POOL" --job-id "$JOB" >/dev/null
for _ in $(seq 1 120); do
  STATUS=$(idp describe-user-import-job --user-pool-id "$POOL" --job-id "$JOB" --query UserImportJob.Status --output text)
  case "$STATUS" in Succeeded | Failed | Stopped | Expired) break ;; esac
  sleep 1
done
say "import: $STATUS"
[ "$STATUS" = Succeeded ] || exit 1
for u in ada grace; do idp admin-add-user-to-group --user-pool-id "$POOL" --username "$u" --group-name readers; done
idp admin-add-user-to-group --user-pool-id "$POOL" --username ada --group-name admins

say "the whole setup, as describe-* shows it"
show() {
  local name=$1
  shift
  if [ -n "${OUT:-}" ]; then
    mkdir -p "$OUT"
    "$@" --output json >"$OUT/$name.json"
  else
    printf '## %s\n' "$name"
    "$@" --output json
  fi
}
show describe-user-pool idp describe-user-pool --user-pool-id "$POOL"
show get-user-pool-mfa-config idp get-user-pool-mfa-config --user-pool-id "$POOL"
show list-tags-for-resource idp list-tags-for-resource --resource-arn "$(idp describe-user-pool --user-pool-id "$POOL" --query UserPool.Arn --output text)"
show describe-user-pool-domain idp describe-user-pool-domain --domain "$DOMAIN_PREFIX"
show describe-resource-server idp describe-resource-server --user-pool-id "$POOL" --identifier "$API"
show describe-user-pool-client-web idp describe-user-pool-client --user-pool-id "$POOL" --client-id "$WEB"
show describe-user-pool-client-m2m idp describe-user-pool-client --user-pool-id "$POOL" --client-id "$M2M"
show list-user-pool-client-secrets new_idp list-user-pool-client-secrets --user-pool-id "$POOL" --client-id "$M2M"
show list-groups idp list-groups --user-pool-id "$POOL"
show get-ui-customization idp get-ui-customization --user-pool-id "$POOL" --client-id ALL
show describe-managed-login-branding-by-client new_idp describe-managed-login-branding-by-client --user-pool-id "$POOL" --client-id "$WEB"
show list-users-in-group-admins idp list-users-in-group --user-pool-id "$POOL" --group-name admins
show describe-user-import-job idp describe-user-import-job --user-pool-id "$POOL" --job-id "$JOB"
show list-users idp list-users --user-pool-id "$POOL"
printf '%s\n' "$POOL"
